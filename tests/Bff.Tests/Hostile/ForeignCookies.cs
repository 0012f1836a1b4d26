using System.Security.Claims;
using System.Security.Cryptography;
using Bff.Auth;
using Bff.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bff.Tests.Hostile;

/// <summary>Session cookies the BFF did not issue, or did not issue for this purpose.</summary>
public static class ForeignCookies
{
    /// <summary>The claim in which the cookie handler keeps the server-side session key.</summary>
    private const string SessionKeyClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    /// <summary>The purposes of the cookie handler's protector (CookieAuthenticationOptions' post-configuration).</summary>
    private static readonly string[] CookiePurposes = ["Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", SessionTicket.Scheme, "v2"];

    public static string Random(int length) =>
        System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(length))[..length];

    /// <summary>The value with one character in the middle changed.</summary>
    public static string Tamper(string value)
    {
        var chars = value.ToCharArray();
        var i = chars.Length / 2;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    /// <summary>
    /// A cookie that names the user's real session key, protected by another Data Protection key ring (another
    /// application name, or the same name with other keys): what another app, or an attacker with another BFF, mints.
    /// </summary>
    public static string FromOtherKeyRing(HostileContext context, string applicationName)
    {
        var directory = Directory.CreateTempSubdirectory("bff-foreign-keys-");
        try
        {
            var provider = DataProtectionProvider.Create(directory, b => b.SetApplicationName(applicationName));
            return new TicketDataFormat(provider.CreateProtector(CookiePurposes)).Protect(RealCookieTicket(context));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The user's real cookie ticket, protected with the BFF's own keys but for the OAuth-flow cookie's purpose.</summary>
    public static string WithOtherPurpose(HostileContext context)
    {
        var provider = context.Factory.Services.GetRequiredService<IDataProtectionProvider>();
        return new TicketDataFormat(provider.CreateProtector("Bff.Auth.OAuthFlow.v1")).Protect(RealCookieTicket(context));
    }

    /// <summary>A correctly protected cookie whose session key exists nowhere (a guessed key).</summary>
    public static string PointingNowhere(HostileContext context)
    {
        var identity = new ClaimsIdentity(SessionTicket.Scheme);
        identity.AddClaim(new Claim(SessionKeyClaim, Random(43)));
        return CookieOptions(context).TicketDataFormat.Protect(new AuthenticationTicket(new ClaimsPrincipal(identity), SessionTicket.Scheme));
    }

    /// <summary>A genuine OAuth-flow cookie from <c>GET /auth/oauth/google</c>.</summary>
    public static async Task<string> OAuthFlowCookieAsync(HostileContext context)
    {
        var start = await context.Transport.SendAsync(new WireRequest("GET", "/auth/oauth/google"), TestContext.Current.CancellationToken);
        return start.SetCookie(OAuthFlowCookie.CookieName)
            ?? throw new InvalidOperationException($"No OAuth flow cookie: {start.Status} {start.Excerpt()}");
    }

    private static AuthenticationTicket RealCookieTicket(HostileContext context) =>
        CookieOptions(context).TicketDataFormat.Unprotect(context.MainCookieValue)
        ?? throw new InvalidOperationException("The user's own cookie could not be read.");

    private static CookieAuthenticationOptions CookieOptions(HostileContext context) =>
        context.Factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(SessionTicket.Scheme);
}
