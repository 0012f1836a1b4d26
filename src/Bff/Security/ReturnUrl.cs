namespace Bff.Security;

/// <summary>
/// Open-redirect guard: a return URL must be a local path ("/x"), never protocol-relative ("//evil", "/\evil"),
/// never absolute, never with control characters or backslashes, also after one round of percent-decoding.
/// </summary>
public static class ReturnUrl
{
    public const int MaxLength = 2048;

    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || !IsSafeLocal(url))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(url);
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
        if (url[0] != '/' || (url.Length > 1 && url[1] is '/' or '\\'))
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
