using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Bff.Auth;

/// <summary>
/// The state of one OAuth login between the redirect to Stytch and the callback: the PKCE verifier and the return
/// URL, Data-Protected in a short-lived <c>__Host-</c> cookie. SameSite=Lax so it comes back on the top-level
/// redirect from the provider; the session cookie itself stays Strict.
/// </summary>
public sealed class OAuthFlowCookie(IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const string CookieName = "__Host-bff-oauth";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Bff.Auth.OAuthFlow.v1");

    public sealed record Flow(string CodeVerifier, string ReturnUrl, long ExpiresAt);

    /// <summary>Starts a flow: sets the cookie and returns the PKCE code challenge.</summary>
    public string Start(HttpContext context, string returnUrl)
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var flow = new Flow(verifier, returnUrl, (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds());
        var payload = _protector.Protect(JsonSerializer.Serialize(flow, AuthJsonContext.Default.Flow));
        context.Response.Cookies.Append(CookieName, payload, Options(Lifetime));
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }

    /// <summary>Reads and deletes the flow cookie. Null when it is missing, tampered with or expired.</summary>
    public Flow? Take(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var raw) || string.IsNullOrEmpty(raw))
        {
            return null;
        }

        context.Response.Cookies.Delete(CookieName, Options(TimeSpan.Zero));
        try
        {
            var flow = JsonSerializer.Deserialize(_protector.Unprotect(raw), AuthJsonContext.Default.Flow);
            return flow is not null && flow.ExpiresAt > time.GetUtcNow().ToUnixTimeSeconds() ? flow : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            return null;
        }
    }

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
