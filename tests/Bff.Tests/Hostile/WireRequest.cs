using System.Text;

namespace Bff.Tests.Hostile;

/// <summary>
/// An HTTP/1.1 request exactly as it goes on the wire. The request target and header values are strings whose chars
/// are sent as single bytes (Latin-1), so a test can put any byte (control characters, 0xFF, raw UTF-8 sequences)
/// where no HttpClient would let it. <c>Host</c> and <c>Connection: close</c> are added unless the headers have them.
/// </summary>
public sealed record WireRequest(string Method, string Target)
{
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    public byte[]? Body { get; init; }

    /// <summary>Overrides the Content-Length header (a body shorter or longer than announced).</summary>
    public long? ContentLength { get; init; }

    /// <summary>Close our sending side after the request: the server sees the end of the stream (a truncated body).</summary>
    public bool HalfClose { get; init; }

    /// <summary>The request line's protocol.</summary>
    public string Protocol { get; init; } = "HTTP/1.1";

    public WireRequest With(string name, string value) => this with { Headers = [.. Headers, (name, value)] };

    public WireRequest Without(string name) =>
        this with { Headers = [.. Headers.Where(h => !string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))] };

    public WireRequest WithJson(string json) => WithBody(Encoding.UTF8.GetBytes(json), "application/json");

    public WireRequest WithBody(byte[] body, string? contentType)
    {
        var request = this with { Body = body };
        return contentType is null ? request : request.With("Content-Type", contentType);
    }

    public bool Has(string name) => Headers.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The header values with this name, in order.</summary>
    public IEnumerable<string> Values(string name) =>
        Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public byte[] ToBytes()
    {
        var head = new StringBuilder();
        head.Append(Method).Append(' ').Append(Target).Append(' ').Append(Protocol).Append("\r\n");
        if (!Has("Host"))
        {
            head.Append("Host: localhost\r\n");
        }

        foreach (var (name, value) in Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (!Has("Connection"))
        {
            head.Append("Connection: close\r\n");
        }

        if ((ContentLength ?? Body?.LongLength) is { } length && !Has("Content-Length") && !Has("Transfer-Encoding"))
        {
            head.Append("Content-Length: ").Append(length).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. Body ?? []];
    }

    public override string ToString() => $"{Method} {Printable(Target, 120)}";

    /// <summary>A short, printable form of a hostile string for test output.</summary>
    public static string Printable(string value, int max)
    {
        var text = new StringBuilder();
        foreach (var c in value.Length > max ? value[..max] : value)
        {
            text.Append(c is < ' ' or > '~' ? $"\\x{(int)c:X2}" : c.ToString());
        }

        return value.Length > max ? $"{text}…({value.Length} chars)" : text.ToString();
    }
}
