using System.Text;

namespace Bff.Tests.Fuzz;

/// <summary>
/// Generates path segments as they go on the wire (percent-encoding included) from an alphabet of the characters and
/// encodings that change what a path means: separators, dots, escapes, double escapes, control characters, invalid
/// and overlong UTF-8, unicode look-alikes, reserved characters, path parameters on dot segments (<c>..;</c>).
/// Seeded, so a failure can be replayed.
/// </summary>
public sealed class SegmentFuzzer(int seed)
{
    private static readonly string[] Valid = [.. "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_".Select(c => c.ToString())];

    private static readonly string[] Hostile =
    [
        // separators, dots and escapes, in every case and depth
        "/", "\\", ".", "..", "%2F", "%2f", "%5C", "%5c", "%2E", "%2e", "%2E%2E", "%25", "%252F", "%252e", "%25252F",
        // reserved and sub-delimiters, raw and encoded
        "?", "#", ";", ":", "@", "&", "=", "+", "$", ",", "~", "!", "*", "'", "(", ")", "[", "]",
        "%3F", "%23", "%3B", "%3A", "%40", "%26", "%3D", "%2B", "%24", "%2C", "%7E", "%20",
        // control characters, raw and encoded
        "\u0001", "\t", "\u007F", "%00", "%01", "%09", "%0A", "%0D", "%0D%0A", "%7F",
        // invalid, overlong and surprising UTF-8
        "%80", "%FF", "%FE%FF", "%C0%AF", "%C0%AE", "%E0%80%AF", "%ED%A0%80", "%F4%90%80%80",
        // unicode: look-alikes, direction overrides, fullwidth separators, emoji, raw UTF-8 bytes
        "%D1%81", "%E2%80%AE", "%E2%80%8B", "%EF%BC%8F", "%EF%BC%8E", "%E2%88%95", "%F0%9F%98%80", "\u00C3\u00A9",
        // letters spelled as escapes (harmless: they decode to a valid id)
        "%61", "%41", "%30", "%2D", "%5F",
    ];

    /// <summary>Dot segments with a path parameter (<c>;</c>), raw and encoded: Tomcat and Jetty drop the parameter, then resolve the dots.</summary>
    private static readonly string[] PathParameterDots =
    [
        "..;", ".;", "..;x=1", ".;jsessionid=abc", "%2e%2e;", "%2E%2E;", ".%2e;", "..%3B", "..%3b", "%2e%2e%3B", "..;%2F", "..;/", ";", ";x=1",
    ];

    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    /// <summary>One wire-form segment: mostly hostile, sometimes valid, now and then very long.</summary>
    public string Next()
    {
        var roll = _random.Next(100);
        if (roll < 15)
        {
            return Repeat(Valid, _random.Next(1, 40));
        }

        if (roll < 18)
        {
            return Repeat(Valid, _random.Next(120, 140)); // around the 128-character limit
        }

        if (roll < 20)
        {
            return _random.Next(2) == 0 ? "." : "..";
        }

        if (roll < 24)
        {
            return Pick(PathParameterDots); // what a servlet container resolves as "." or ".."
        }

        var segment = new StringBuilder();
        var length = _random.Next(1, 16);
        for (var i = 0; i < length; i++)
        {
            segment.Append(_random.Next(3) == 0 ? Pick(Hostile) : Pick(Valid));
        }

        return segment.ToString();
    }

    /// <summary>
    /// The segment after one round of percent-decoding (UTF-8), as a server decodes it; null when that is not valid
    /// UTF-8 or the escapes are malformed.
    /// </summary>
    public static string? DecodeOnce(string segment)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '%' && i + 2 < segment.Length && IsHex(segment[i + 1]) && IsHex(segment[i + 2]))
            {
                bytes.Add(Convert.ToByte(segment.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (segment[i] > 0x7F)
            {
                return null;
            }
            else
            {
                bytes.Add((byte)segment[i]);
            }
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private string Pick(string[] alphabet) => alphabet[_random.Next(alphabet.Length)];

    private string Repeat(string[] alphabet, int count) => string.Concat(Enumerable.Range(0, count).Select(_ => Pick(alphabet)));
}
