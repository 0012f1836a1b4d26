using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Bff.Stytch;
using Microsoft.AspNetCore.Authentication;

namespace Bff.Sessions;

/// <summary>
/// What a server-side session holds, and how it is laid out in the stored <see cref="AuthenticationTicket"/>: the
/// identity as claims, the Stytch credentials and timestamps as (never-serialised-to-the-browser) property items.
/// </summary>
public static class SessionTicket
{
    public const string Scheme = "bff";
    internal const string KeyItem = ".bff.key";
    private const string SessionTokenItem = ".stytch.session_token";
    private const string SessionJwtItem = ".stytch.session_jwt";
    private const string JwtExpiresItem = ".stytch.jwt_expires";
    private const string StytchExpiresItem = ".stytch.session_expires";
    private const string ValidatedItem = ".bff.validated";
    private const string AbsoluteExpiresItem = ".bff.absolute_expires";
    private const string StartedItem = ".bff.started";
    internal const string FactorClaim = "stytch_factor";

    public static ClaimsPrincipal CreatePrincipal(StytchUser user, StytchSession session)
    {
        var identity = new ClaimsIdentity(Scheme, "sub", "role");
        identity.AddClaim(new Claim("sub", user.UserId));
        identity.AddClaim(new Claim("sid", session.SessionId));
        foreach (var email in user.Emails)
        {
            identity.AddClaim(new Claim("email", email.Email));
        }

        if (user.Name is { } name)
        {
            AddIfPresent(identity, "given_name", name.FirstName);
            AddIfPresent(identity, "family_name", name.LastName);
        }

        foreach (var factor in session.AuthenticationFactors)
        {
            identity.AddClaim(new Claim(FactorClaim, string.Join('|', factor.Type, factor.DeliveryMethod ?? "",
                factor.LastAuthenticatedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "")));
        }

        return new ClaimsPrincipal(identity);
    }

    public static AuthenticationProperties CreateProperties(StytchLogin login, DateTimeOffset now, BffSessionOptions options)
    {
        var properties = new AuthenticationProperties { IsPersistent = false, AllowRefresh = true };
        properties.Items[StartedItem] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        properties.Items[AbsoluteExpiresItem] = (now + options.AbsoluteLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Apply(properties, login.SessionToken, login.SessionJwt, login.Session.ExpiresAt, now);
        return properties;
    }

    /// <summary>Stores a fresh Stytch answer (new JWT, maybe a rotated token) in the ticket's properties, in place.</summary>
    public static void Apply(AuthenticationProperties properties, string sessionToken, string sessionJwt, DateTimeOffset? stytchExpires, DateTimeOffset now)
    {
        properties.Items[SessionTokenItem] = sessionToken;
        properties.Items[SessionJwtItem] = sessionJwt;
        properties.Items[JwtExpiresItem] = (ReadJwtExpiry(sessionJwt) ?? now).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        properties.Items[ValidatedItem] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (stytchExpires is { } e)
        {
            properties.Items[StytchExpiresItem] = e.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }
    }

    public static BffSession? Read(AuthenticationTicket? ticket)
    {
        if (ticket?.Principal is not { } principal || ticket.Properties is not { } p)
        {
            return null;
        }

        var userId = principal.FindFirst("sub")?.Value;
        var sessionId = principal.FindFirst("sid")?.Value;
        if (userId is null || sessionId is null || !p.Items.TryGetValue(SessionTokenItem, out var token) || token is null
            || !p.Items.TryGetValue(SessionJwtItem, out var jwt) || jwt is null)
        {
            return null;
        }

        return new BffSession(
            p.Items.TryGetValue(KeyItem, out var key) ? key : null,
            new StytchUserId(userId),
            sessionId,
            token,
            jwt,
            Time(p, JwtExpiresItem) ?? DateTimeOffset.MinValue,
            Time(p, ValidatedItem) ?? DateTimeOffset.MinValue,
            Time(p, AbsoluteExpiresItem) ?? DateTimeOffset.MinValue,
            Time(p, StytchExpiresItem),
            Time(p, StartedItem),
            p.ExpiresUtc,
            principal);
    }

    /// <summary>Reads <c>exp</c> from a JWT that came from Stytch over TLS. Not a validation: only a freshness hint.</summary>
    /// <summary>Whether the session's absolute lifetime is over (a ticket without one never expires here).</summary>
    public static bool IsPastAbsoluteExpiry(AuthenticationProperties properties, DateTimeOffset now) =>
        Time(properties, AbsoluteExpiresItem) is { } expires && now >= expires;

    internal static DateTimeOffset? ReadJwtExpiry(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(parts[1]);
            using var doc = JsonDocument.Parse(payload);
            return doc.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static DateTimeOffset? Time(AuthenticationProperties p, string item) =>
        p.Items.TryGetValue(item, out var raw) && long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static void AddIfPresent(ClaimsIdentity identity, string type, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            identity.AddClaim(new Claim(type, value));
        }
    }
}
