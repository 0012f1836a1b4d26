using Bff.Auth;
using Bff.Sessions;
using Microsoft.Extensions.Options;

namespace Bff.Proxy;

/// <summary>
/// The cookies that belong to the BFF and never travel to or come from an upstream API: the session cookie (and the
/// chunks ASP.NET Core would split it into, <c>{name}C1</c>, <c>{name}C2</c>, ...), the OAuth flow cookie and the
/// magic-link flow cookies (<c>__Host-bff-ml-{flow}</c>, which carry a PKCE verifier). Compared
/// case-insensitively, as ASP.NET Core reads request cookies. Every other cookie passes through untouched.
/// </summary>
internal sealed class BffCookieNames(IOptionsMonitor<BffSessionOptions> sessionOptions)
{
    public bool IsBffCookie(ReadOnlySpan<char> name)
    {
        name = name.Trim();
        if (name.Equals(OAuthFlowCookie.CookieName, StringComparison.OrdinalIgnoreCase)
            || (name.Length > MagicLinkFlowCookie.CookiePrefix.Length && name.StartsWith(MagicLinkFlowCookie.CookiePrefix, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        var session = sessionOptions.CurrentValue.CookieName.AsSpan();
        if (!name.StartsWith(session, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = name[session.Length..];
        return rest.IsEmpty || (rest.Length > 1 && rest[0] is ('C' or 'c') && !rest[1..].ContainsAnyExceptInRange('0', '9'));
    }

    /// <summary>The <c>Cookie</c> header(s) without the BFF's cookies, or null when nothing is left.</summary>
    public string? WithoutBffCookies(IEnumerable<string?> cookieHeaders)
    {
        List<string>? kept = null;
        foreach (var header in cookieHeaders)
        {
            foreach (var part in (header ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                if (!IsBffCookie(equals < 0 ? part : part.AsSpan(0, equals)))
                {
                    (kept ??= []).Add(part);
                }
            }
        }

        return kept is null ? null : string.Join("; ", kept);
    }

    /// <summary>The cookie name a <c>Set-Cookie</c> value sets.</summary>
    public static ReadOnlySpan<char> SetCookieName(string? setCookie)
    {
        var value = (setCookie ?? "").AsSpan();
        var end = value.IndexOfAny('=', ';');
        return (end < 0 ? value : value[..end]).Trim();
    }
}
