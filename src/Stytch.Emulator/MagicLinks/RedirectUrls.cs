namespace Stytch.Emulator.MagicLinks;

/// <summary>Builds the links and redirects that carry a Stytch token back to the app.</summary>
internal static class RedirectUrls
{
    /// <summary>Whether <paramref name="url"/> is an absolute http(s) URL.</summary>
    public static bool TryParse(string url, out Uri parsed) =>
        Uri.TryCreate(url, UriKind.Absolute, out parsed!) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps);

    /// <summary>
    /// Appends <c>stytch_token_type=…&amp;token=…</c> to the URL's query with '?' or '&amp;' as needed, keeping any
    /// fragment last.
    /// </summary>
    public static Uri WithToken(Uri baseUrl, string tokenType, string token)
    {
        var text = baseUrl.OriginalString;
        var fragmentAt = text.IndexOf('#', StringComparison.Ordinal);
        var fragment = fragmentAt >= 0 ? text[fragmentAt..] : "";
        var head = fragmentAt >= 0 ? text[..fragmentAt] : text;
        var separator = !head.Contains('?', StringComparison.Ordinal) ? "?" : head.EndsWith('?') || head.EndsWith('&') ? "" : "&";
        return new Uri($"{head}{separator}stytch_token_type={Uri.EscapeDataString(tokenType)}&token={Uri.EscapeDataString(token)}{fragment}");
    }
}
