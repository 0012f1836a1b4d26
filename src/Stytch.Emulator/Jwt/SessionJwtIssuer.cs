using System.Buffers.Text;
using System.Text;
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

        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new JwtHeader("RS256", key.Kid, "JWT"), EmulatorJsonContext.Default.JwtHeader));
        var body = Encode(JsonSerializer.SerializeToUtf8Bytes(payload, EmulatorJsonContext.Default.SessionJwtPayload));
        var signingInput = header + "." + body;
        return signingInput + "." + Encode(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>
    /// Checks a JWT's signature against the published keys and reads its session id. <c>exp</c> is deliberately not
    /// checked: Stytch accepts an expired JWT of a live session and answers with a fresh one.
    /// </summary>
    public JwtCheck Check(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return JwtCheck.Unparsable;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (!header.RootElement.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String
                || !header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "RS256")
            {
                return JwtCheck.Unparsable;
            }

            var key = keys.Find(kid.GetString()!);
            if (key is null || !key.Verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature))
            {
                return JwtCheck.BadSignature;
            }

            var sessionId = payload.RootElement.TryGetProperty("https://stytch.com/session", out var claim)
                && claim.TryGetProperty("id", out var id) ? id.GetString() : null;
            return sessionId is null ? JwtCheck.Unparsable : JwtCheck.Valid(sessionId);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return JwtCheck.Unparsable;
        }
    }

    private static Dictionary<string, JsonElement>? CustomClaims(IReadOnlyDictionary<string, JsonElement> claims)
    {
        var kept = claims
            .Where(c => !ReservedClaims.Contains(c.Key) && !c.Key.StartsWith("https://stytch.com/", StringComparison.Ordinal))
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        return kept.Count == 0 ? null : kept;
    }

    private static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
