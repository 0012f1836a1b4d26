using Microsoft.AspNetCore.Authentication.Cookies;

namespace Bff.Sessions;

/// <summary>
/// Reads the session cookie by its exact name and takes the first occurrence. ASP.NET Core's request cookies match
/// names case-insensitively and let the last duplicate win, but cookie names are case-sensitive (RFC 6265):
/// <c>__host-bff-session</c> is another cookie, one that the <c>__Host-</c> prefix does not protect, so a sibling host
/// can set it. Of two cookies with the exact name, browsers send the one with the longer path first, and when paths
/// are equal the older one first. Responses are written by ASP.NET Core's own cookie manager; the session cookie holds
/// only a session key and is never split into chunks, so a chunked value is not read (the session is then unknown).
/// </summary>
internal sealed class ExactNameCookieManager : ICookieManager
{
    private readonly ChunkingCookieManager _responses = new();

    public string? GetRequestCookie(HttpContext context, string key)
    {
        foreach (var header in context.Request.Headers.Cookie)
        {
            var text = (header ?? "").AsSpan();
            foreach (var pair in text.Split(';'))
            {
                var cookie = text[pair].Trim();
                var equals = cookie.IndexOf('=');
                if (equals > 0 && cookie[..equals].TrimEnd().SequenceEqual(key))
                {
                    return Uri.UnescapeDataString(cookie[(equals + 1)..].Trim().ToString());
                }
            }
        }

        return null;
    }

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _responses.AppendResponseCookie(context, key, value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _responses.DeleteCookie(context, key, options);
}
