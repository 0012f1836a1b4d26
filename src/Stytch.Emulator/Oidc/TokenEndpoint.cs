using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Idp;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.State;

namespace Stytch.Emulator.Oidc;

/// <summary>
/// <c>POST /v1/oauth2/token</c>: the <c>authorization_code</c> grant (PKCE S256, required for public clients) and the
/// <c>refresh_token</c> grant (rotated for public clients, extended for confidential ones). Form or JSON bodies.
/// </summary>
internal static class TokenEndpoint
{
    private const string AuthorizationCode = "authorization_code";
    private const string RefreshTokenGrant = "refresh_token";

    public static async Task<Results<JsonHttpResult<TokenResponse>, OAuthErrorResult>> Token(
        HttpContext http, [AsParameters] OidcServices services, CancellationToken ct)
    {
        var (parameters, error) = await OAuthParameters.ReadAsync(http, ct);
        if (error is not null)
        {
            return error;
        }

        var grantType = parameters!["grant_type"];
        if (grantType is null)
        {
            return Refused(services, "(none)", parameters["client_id"], OAuthErrors.InvalidRequest("grant_type is required."));
        }

        var (client, clientError) = ClientAuthentication.Authenticate(http.Request, parameters, services.Clients);
        if (clientError is not null)
        {
            return Refused(services, grantType, parameters["client_id"], clientError);
        }

        var at = OidcEndpointsInfo.Of(http);
        var result = grantType switch
        {
            AuthorizationCode => ExchangeCode(parameters, client!, at, services),
            RefreshTokenGrant => Refresh(parameters, client!, at, services),
            _ => OAuthErrors.UnsupportedGrantType("grant_type must be authorization_code or refresh_token."),
        };
        if (result.Result is OAuthErrorResult refused)
        {
            return Refused(services, grantType, client!.ClientId, refused);
        }

        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        return result;
    }

    private static Results<JsonHttpResult<TokenResponse>, OAuthErrorResult> ExchangeCode(
        OAuthParameters parameters, ConnectedAppClientRecord client, OidcEndpointsInfo at, OidcServices services)
    {
        if (parameters["code"] is not { } code)
        {
            return OAuthErrors.InvalidRequest("code is required.");
        }

        var (state, grant, usedBy) = services.Codes.Peek(code);
        if (state is CodeState.NotFound or CodeState.Expired || !string.Equals(grant!.ClientId, client.ClientId, StringComparison.Ordinal))
        {
            return OAuthErrors.InvalidGrant("The authorization code is invalid or expired.");
        }

        if (state == CodeState.Used)
        {
            usedBy!.Revoke();
            OidcLog.Replayed(services.Logger, "authorization code", client.ClientId, grant.UserId);
            return OAuthErrors.InvalidGrant("The authorization code was already used; the tokens issued from it are revoked.");
        }

        if (parameters["redirect_uri"] is { } redirectUri && !string.Equals(redirectUri, grant.RedirectUri, StringComparison.Ordinal))
        {
            return OAuthErrors.InvalidGrant("redirect_uri does not match the authorization request.");
        }

        // A failed PKCE check does not use the code up (as the emulator's OAuth login; UNCONFIRMED).
        var verifier = parameters["code_verifier"];
        if (grant.CodeChallenge is not null && verifier is null)
        {
            return OAuthErrors.InvalidGrant("code_verifier is required: the authorization used PKCE.");
        }

        if (!Pkce.Matches(grant.CodeChallenge, verifier))
        {
            return OAuthErrors.InvalidGrant(grant.CodeChallenge is null
                ? "code_verifier was sent, but the authorization used no code_challenge."
                : "code_verifier does not match the code_challenge.");
        }

        var family = new TokenFamily(grant.UserId, client.ClientId, grant.Epoch, grant.Scopes);
        if (services.Users.Find(grant.UserId) is not { } user || !services.Tokens.IsAlive(family))
        {
            return ConsentRevoked();
        }

        if (!services.Codes.TryRedeem(code, family))
        {
            return OAuthErrors.InvalidGrant("The authorization code was already used.");
        }

        var refresh = grant.Scopes.Contains(IdpScopes.OfflineAccess) ? services.Issuer.IssueRefreshToken(family, client, at.Issuer) : null;
        return Answer(services, AuthorizationCode, client, user, family, grant.Scopes, at, grant.Nonce, refresh);
    }

    private static Results<JsonHttpResult<TokenResponse>, OAuthErrorResult> Refresh(
        OAuthParameters parameters, ConnectedAppClientRecord client, OidcEndpointsInfo at, OidcServices services)
    {
        if (parameters["refresh_token"] is not { } token)
        {
            return OAuthErrors.InvalidRequest("refresh_token is required.");
        }

        var record = services.Tokens.FindRefresh(token);
        if (record is null || record.Revoked || !string.Equals(record.Family.ClientId, client.ClientId, StringComparison.Ordinal))
        {
            return OAuthErrors.InvalidGrant("The refresh token is invalid or revoked.");
        }

        var family = record.Family;
        if (record.Retired)
        {
            return Replayed(services, family);
        }

        if (services.Clock.GetUtcNow() >= record.ExpiresAt)
        {
            return OAuthErrors.InvalidGrant("The refresh token has expired.");
        }

        if (services.Users.Find(family.UserId) is not { } user || !services.Tokens.IsAlive(family))
        {
            return family.Revoked ? OAuthErrors.InvalidGrant("The refresh token is invalid or revoked.") : ConsentRevoked();
        }

        var scopes = family.Scopes;
        if (parameters["scope"] is { } requested)
        {
            var narrowed = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
            if (narrowed.Any(s => !family.Scopes.Contains(s, StringComparer.Ordinal)))
            {
                return OAuthErrors.InvalidScope("scope may only narrow the scopes originally granted.");
            }

            scopes = narrowed;
        }

        string? rotated = null;
        if (client.IsConfidential)
        {
            record.Extend(services.Clock.GetUtcNow() + Jwt.IdpTokenIssuer.RefreshTokenLifetime);
        }
        else if (record.TryRetire())
        {
            rotated = services.Issuer.IssueRefreshToken(family, client, at.Issuer);
        }
        else
        {
            return Replayed(services, family);
        }

        return Answer(services, RefreshTokenGrant, client, user, family, scopes, at, nonce: null, rotated);
    }

    private static JsonHttpResult<TokenResponse> Answer(
        OidcServices services,
        string grantType,
        ConnectedAppClientRecord client,
        UserRecord user,
        TokenFamily family,
        IReadOnlyList<string> scopes,
        OidcEndpointsInfo at,
        string? nonce,
        string? refreshToken)
    {
        var (accessToken, record) = services.Issuer.IssueAccessToken(family, client, scopes, at.Issuer);
        var idToken = scopes.Contains(IdpScopes.OpenId) ? services.Issuer.IssueIdToken(user, client, scopes, at.Issuer, nonce) : null;
        OidcLog.TokensIssued(services.Logger, client.ClientId, user.UserId, grantType, record.Scope, idToken is not null, refreshToken is not null);
        return TypedResults.Json(
            new TokenResponse(
                accessToken, "bearer", (int)(record.ExpiresAt - record.IssuedAt).TotalSeconds, record.Scope, refreshToken, idToken, StytchIds.RequestId(), 200),
            EmulatorJsonContext.Default.TokenResponse);
    }

    /// <summary>A rotated-out refresh token used again: a replay, so the whole family is revoked (OAuth 2.1 §4.3.1).</summary>
    private static OAuthErrorResult Replayed(OidcServices services, TokenFamily family)
    {
        family.Revoke();
        OidcLog.Replayed(services.Logger, "refresh token", family.ClientId, family.UserId);
        return OAuthErrors.InvalidGrant("The refresh token was already used; every token issued from it is revoked.");
    }

    /// <summary>The user revoked the app after this code or token was issued (connected-apps-idp.md §4; shape UNCONFIRMED).</summary>
    private static OAuthErrorResult ConsentRevoked() =>
        OAuthErrors.InvalidGrant("The Connected App's permission has been revoked. Complete another authorization flow to re-enable access.");

    /// <summary>Logs a refusal. Only known grant types and registered client ids are logged: the rest is the caller's text.</summary>
    private static OAuthErrorResult Refused(OidcServices services, string grantType, string? clientId, OAuthErrorResult error)
    {
        var grant = grantType is AuthorizationCode or RefreshTokenGrant ? grantType : "(unsupported)";
        var client = clientId is not null && services.Clients.Find(clientId) is not null ? clientId : "(unknown)";
        OidcLog.TokenRefused(services.Logger, grant, client, error.Error.Error);
        return error;
    }
}
