using System.Text.Json;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.State;

namespace Stytch.Emulator.Jwt;

/// <summary>Mints and checks RS256 session JWTs.</summary>
internal sealed class SessionJwtIssuer(SigningKeys keys, EmulatorOptions options, TimeProvider clock)
{
    private static readonly HashSet<string> ReservedClaims = new(StringComparer.Ordinal)
    {
        "aud", "exp", "iat", "iss", "jti", "nbf", "sub",
    };

    public string Issuer => "stytch.com/" + options.ProjectId;

    /// <summary>A fresh JWT for the session as it is now: <c>exp = iat + JwtLifetime</c>.</summary>
    public string Issue(SessionSnapshot snapshot)
    {
        var key = keys.Current;
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var payload = new SessionJwtPayload
        {
            Aud = [options.ProjectId],
            Exp = now + (long)options.JwtLifetime.TotalSeconds,
            Session = new SessionClaim
            {
                Id = snapshot.Session.SessionId,
                StartedAt = Rfc3339.Format(snapshot.Session.StartedAt),
                LastAccessedAt = Rfc3339.Format(snapshot.LastAccessedAt),
                ExpiresAt = Rfc3339.Format(snapshot.ExpiresAt),
                Attributes = snapshot.Session.Attributes,
                AuthenticationFactors = [.. snapshot.Factors.Select(f => f.ToView(withAuditTimes: false))],
                Roles = SessionSnapshot.Roles,
            },
            Iat = now,
            Iss = Issuer,
            Nbf = now,
            Sub = snapshot.Session.UserId,
            CustomClaims = CustomClaims(snapshot.CustomClaims),
        };

        return JwtSigner.Sign(key, payload, EmulatorJsonContext.Default.SessionJwtPayload);
    }

    /// <summary>
    /// Checks a JWT's signature against the published keys and reads its session id. <c>exp</c> is deliberately not
    /// checked: Stytch accepts an expired JWT of a live session and answers with a fresh one.
    /// </summary>
    public JwtCheck Check(string jwt)
    {
        var (outcome, payload) = JwtSigner.Read(keys, jwt);
        if (outcome != JwtCheckOutcome.Valid)
        {
            return outcome == JwtCheckOutcome.BadSignature ? JwtCheck.BadSignature : JwtCheck.Unparsable;
        }

        var sessionId = payload.TryGetProperty("https://stytch.com/session", out var claim) && claim.ValueKind == JsonValueKind.Object
            && claim.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        return sessionId is null ? JwtCheck.Unparsable : JwtCheck.Valid(sessionId);
    }

    private static Dictionary<string, JsonElement>? CustomClaims(IReadOnlyDictionary<string, JsonElement> claims)
    {
        var kept = claims
            .Where(c => !ReservedClaims.Contains(c.Key) && !c.Key.StartsWith("https://stytch.com/", StringComparison.Ordinal))
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        return kept.Count == 0 ? null : kept;
    }
}
