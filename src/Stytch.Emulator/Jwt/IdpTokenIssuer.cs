using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.Oidc;
using Stytch.Emulator.State;

namespace Stytch.Emulator.Jwt;

/// <summary>Mints a Connected App's tokens: RS256 access tokens and ID tokens (project signing keys), opaque refresh tokens.</summary>
internal sealed class IdpTokenIssuer(SigningKeys keys, IdpTokenStore tokens, EmulatorOptions options, TimeProvider clock)
{
    /// <summary>Refresh tokens last 3 months (the docs also say 6; UNCONFIRMED).</summary>
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(90);

    /// <summary>ID tokens are valid for an hour.</summary>
    public static readonly TimeSpan IdTokenLifetime = TimeSpan.FromHours(1);

    /// <summary><c>aud</c> of the client's tokens: the project id, plus the client's custom audience.</summary>
    public IReadOnlyList<string> AudienceOf(ConnectedAppClientRecord client) =>
        client.AccessTokenCustomAudience is { } custom ? [options.ProjectId, custom] : [options.ProjectId];

    /// <summary>A signed access token, recorded so introspection, userinfo and revocation can find it by <c>jti</c>.</summary>
    public (string Jwt, AccessTokenRecord Record) IssueAccessToken(TokenFamily family, ConnectedAppClientRecord client, IReadOnlyList<string> scopes, string issuer)
    {
        var now = Rfc3339.Truncate(clock.GetUtcNow());
        var record = new AccessTokenRecord(
            StytchIds.TokenId(), family, string.Join(' ', scopes), issuer, AudienceOf(client), now, now + client.AccessTokenLifetime);
        var payload = new AccessTokenPayload
        {
            Aud = record.Audience,
            ClientId = client.ClientId,
            Exp = record.ExpiresAt.ToUnixTimeSeconds(),
            Iat = now.ToUnixTimeSeconds(),
            Iss = issuer,
            Jti = record.Jti,
            Nbf = now.ToUnixTimeSeconds(),
            Scope = record.Scope,
            Sub = family.UserId,
        };
        var jwt = JwtSigner.Sign(keys.Current, payload, EmulatorJsonContext.Default.AccessTokenPayload);
        tokens.Add(record);
        return (jwt, record);
    }

    /// <summary>An ID token for the client (<c>aud = [client_id]</c>), with the nonce of the authorization when there was one.</summary>
    public string IssueIdToken(UserRecord user, ConnectedAppClientRecord client, IReadOnlyList<string> scopes, string issuer, string? nonce)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var claims = UserClaims.For(user, scopes);
        var payload = new IdTokenPayload
        {
            Aud = [client.ClientId],
            Exp = now + (long)IdTokenLifetime.TotalSeconds,
            Iat = now,
            Iss = issuer,
            Nbf = now,
            Sub = user.UserId,
            Nonce = nonce,
            Name = claims.Name,
            GivenName = claims.GivenName,
            FamilyName = claims.FamilyName,
            Email = claims.Email,
            EmailVerified = claims.EmailVerified,
        };
        return JwtSigner.Sign(keys.Current, payload, EmulatorJsonContext.Default.IdTokenPayload);
    }

    /// <summary>A fresh opaque refresh token of the family.</summary>
    public string IssueRefreshToken(TokenFamily family, ConnectedAppClientRecord client, string issuer)
    {
        var now = Rfc3339.Truncate(clock.GetUtcNow());
        var token = StytchIds.OpaqueToken();
        tokens.Add(token, new RefreshTokenRecord(family, issuer, AudienceOf(client), now, now + RefreshTokenLifetime));
        return token;
    }
}
