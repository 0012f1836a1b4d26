using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Bff.Auth;

/// <summary>
/// The state of one magic-link login between sending the link and opening it: the PKCE verifier and the page to
/// return to, Data-Protected in a short-lived <c>__Host-</c> cookie named after the flow (<c>__Host-bff-ml-{id}</c>).
/// The link names only the flow id (<c>/auth/callback?flow={id}</c>), so it logs in only the browser holding that
/// cookie, and every tab's link keeps its own verifier and return URL. SameSite=Lax so it comes back when the link is
/// opened from a mail client; the session cookie itself stays Strict. At most <see cref="MaxPendingFlows"/> per browser.
/// </summary>
public sealed class MagicLinkFlowCookie(IDataProtectionProvider dataProtection, TimeProvider time, IOptions<MagicLinkOptions> options)
{
    public const string CookiePrefix = "__Host-bff-ml-";

    /// <summary>Links waiting to be opened in one browser; asking for more forgets the oldest (bounded cookie headers).</summary>
    public const int MaxPendingFlows = 5;

    private const int IdLength = 22; // 16 random bytes, base64url
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Bff.Auth.MagicLinkFlow.v1");

    public sealed record Flow(string Id, string CodeVerifier, string ReturnUrl, long ExpiresAt);

    /// <summary>A new flow, not saved yet, and the PKCE code challenge to send to Stytch.</summary>
    public sealed record Pending(Flow Flow, string CodeChallenge);

    private TimeSpan Lifetime => TimeSpan.FromMinutes(options.Value.ExpirationMinutes);

    /// <summary>Creates a flow for a link that will return to <paramref name="returnUrl"/>.</summary>
    public Pending Create(string returnUrl)
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var flow = new Flow(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)), verifier, returnUrl, (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds());
        return new Pending(flow, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>
    /// Sets the cookie of a flow whose link was sent. The browser's other flow cookies that are unreadable or expired,
    /// and its oldest flows beyond <see cref="MaxPendingFlows"/>, are expired.
    /// </summary>
    public void Save(HttpContext context, Flow flow)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var others = context.Request.Cookies.Keys
            .Where(name => name.StartsWith(CookiePrefix, StringComparison.Ordinal))
            .Select(name => (Name: name, Flow: Unprotect(name[CookiePrefix.Length..], context.Request.Cookies[name])))
            .ToList();
        var pending = others.Where(o => o.Flow is { } f && f.ExpiresAt > now).OrderByDescending(o => o.Flow!.ExpiresAt).ToList();
        foreach (var (name, _) in others.Except(pending).Concat(pending.Skip(MaxPendingFlows - 1)))
        {
            context.Response.Cookies.Delete(name, Options(TimeSpan.Zero));
        }

        var payload = _protector.Protect(JsonSerializer.Serialize(flow, AuthJsonContext.Default.MagicLinkFlow));
        context.Response.Cookies.Append(CookiePrefix + flow.Id, payload, Options(Lifetime));
    }

    /// <summary>
    /// The flow a link names, when this browser holds its cookie (untampered, made for this flow id) and it has not
    /// expired; otherwise null (the link was asked for in another browser, or long ago).
    /// </summary>
    public Flow? Find(HttpContext context, string? id)
    {
        if (!IsFlowId(id) || !context.Request.Cookies.TryGetValue(CookiePrefix + id, out var raw))
        {
            return null;
        }

        return Unprotect(id!, raw) is { } flow && flow.ExpiresAt > time.GetUtcNow().ToUnixTimeSeconds() ? flow : null;
    }

    /// <summary>Ends a flow: its link has logged in (or can no longer), so its cookie is expired.</summary>
    public void End(HttpContext context, Flow flow) => context.Response.Cookies.Delete(CookiePrefix + flow.Id, Options(TimeSpan.Zero));

    private Flow? Unprotect(string id, string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        try
        {
            var flow = JsonSerializer.Deserialize(_protector.Unprotect(raw), AuthJsonContext.Default.MagicLinkFlow);
            return flow is not null && string.Equals(flow.Id, id, StringComparison.Ordinal) ? flow : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    private static bool IsFlowId(string? id) =>
        id is { Length: IdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static CookieOptions Options(TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        MaxAge = maxAge,
        IsEssential = true,
    };

}
