using System.Buffers;
using System.Text;

namespace Bff.Security;

/// <summary>
/// Open-redirect guard: a return URL must be a local path ("/x"), never protocol-relative ("//evil", "/\evil"),
/// never absolute, never with control characters, whitespace or backslashes, and its path not even after one round of
/// percent-decoding ("/%2F%2Fevil"). The query and fragment are kept as they are: they cannot change where a browser
/// goes, and an OAuth authorization request (the consent page's return URL) carries percent-encoded URLs and spaces
/// there (<c>redirect_uri=https%3A%2F%2F…</c>, <c>scope=openid%20email</c>).
/// Characters outside ASCII are allowed (an SPA may have a route <c>/café</c>) and are redirected to percent-encoded
/// as UTF-8, as a browser would send them (<c>/caf%C3%A9</c>): a raw non-ASCII <c>Location</c> is refused by Kestrel.
/// Text that has no UTF-8 form (a lone surrogate) is not a return URL.
/// </summary>
public static class ReturnUrl
{
    /// <summary>
    /// Room for a long OAuth authorization request (client_id, redirect_uri, scope, state, nonce, PKCE challenge,
    /// resources: about 1 kB in practice). The OAuth login keeps the return URL in its Data-Protected flow cookie, which
    /// must stay under the browsers' 4096-byte cookie limit: do not raise this without checking that.
    /// </summary>
    public const int MaxLength = 2048;

    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || !IsSafeLocal(url) || ToAscii(url) is not { Length: <= MaxLength * 3 })
        {
            return false;
        }

        var pathEnd = url.AsSpan().IndexOfAny('?', '#');
        var path = pathEnd < 0 ? url : url[..pathEnd];
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(path);
        }
        catch (UriFormatException)
        {
            return false;
        }

        return IsSafeLocal(decoded);
    }

    /// <summary>The URL, in its ASCII (percent-encoded) form, if it is local; otherwise "/". Safe for a <c>Location</c> header.</summary>
    public static string LocalOrRoot(string? url) => IsLocal(url) ? ToAscii(url!)! : "/";

    private static bool IsSafeLocal(string url)
    {
        if (url.Length == 0 || url[0] != '/' || (url.Length > 1 && url[1] is '/' or '\\'))
        {
            return false;
        }

        foreach (var c in url)
        {
            if (char.IsControl(c) || c == '\\' || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every non-ASCII character percent-encoded as UTF-8; ASCII kept as it is. Null for invalid UTF-16.</summary>
    private static string? ToAscii(string url)
    {
        if (Ascii.IsValid(url))
        {
            return url;
        }

        var ascii = new StringBuilder(url.Length + 32);
        Span<byte> utf8 = stackalloc byte[4];
        var rest = url.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done)
            {
                return null;
            }

            if (rune.IsAscii)
            {
                ascii.Append((char)rune.Value);
            }
            else
            {
                foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
                {
                    ascii.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            rest = rest[consumed..];
        }

        return ascii.ToString();
    }
}
