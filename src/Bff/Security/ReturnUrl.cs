namespace Bff.Security;

/// <summary>
/// Open-redirect guard: a return URL must be a local path ("/x"), never protocol-relative ("//evil", "/\evil"),
/// never absolute, never with control characters, whitespace or backslashes, and its path not even after one round of
/// percent-decoding ("/%2F%2Fevil"). The query and fragment are kept as they are: they cannot change where a browser
/// goes, and an OAuth authorization request (the consent page's return URL) carries percent-encoded URLs and spaces
/// there (<c>redirect_uri=https%3A%2F%2F…</c>, <c>scope=openid%20email</c>).
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
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || !IsSafeLocal(url))
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

    /// <summary>The URL if it is local, otherwise "/".</summary>
    public static string LocalOrRoot(string? url) => IsLocal(url) ? url! : "/";

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
}
