using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.Jwt;
using Stytch.Emulator.State;

namespace Stytch.Emulator.Oidc;

/// <summary><c>POST /v1/oauth2/introspect</c> (RFC 7662) and <c>POST /v1/oauth2/revoke</c> (RFC 7009).</summary>
internal static class IntrospectionEndpoints
{
    /// <summary>
    /// Any authenticated client of the project may introspect any of its tokens (a resource server is often not the
    /// client the token was issued to). Access and refresh tokens; <c>token_type_hint</c> is only a hint.
    /// </summary>
    public static async Task<Results<JsonHttpResult<IntrospectionResponse>, OAuthErrorResult>> Introspect(
        HttpContext http, [AsParameters] OidcServices services, CancellationToken ct)
    {
        var (parameters, error) = await OAuthParameters.ReadAsync(http, ct);
        if (error is not null)
        {
            return error;
        }

        var (_, clientError) = ClientAuthentication.Authenticate(http.Request, parameters!, services.Clients);
        if (clientError is not null)
        {
            return clientError;
        }

        if (parameters!["token"] is not { } token)
        {
            return OAuthErrors.InvalidRequest("token is required.");
        }

        http.Response.Headers.CacheControl = "no-store";
        var (access, refresh) = Find(token, services);
        IntrospectionResponse answer;
        if (access is not null && services.Tokens.IsActive(access))
        {
            answer = Active(access.Family, access.Scope, "access_token", access.Issuer, access.Audience, access.IssuedAt, access.ExpiresAt);
        }
        else if (refresh is not null && services.Tokens.IsActive(refresh))
        {
            answer = Active(refresh.Family, string.Join(' ', refresh.Family.Scopes), "refresh_token", refresh.Issuer, refresh.Audience, refresh.IssuedAt, refresh.ExpiresAt);
        }
        else
        {
            answer = new IntrospectionResponse { Active = false, RequestId = StytchIds.RequestId(), StatusCode = 200 };
        }

        return TypedResults.Json(answer, EmulatorJsonContext.Default.IntrospectionResponse);
    }

    /// <summary>
    /// Revokes one of the calling client's tokens: an access token by itself; a refresh token together with every
    /// token issued from the same authorization. Unknown tokens, and tokens of another client, are left alone and
    /// answered 200 as well (RFC 7009 §2.2).
    /// </summary>
    public static async Task<Results<JsonHttpResult<RevocationResponse>, OAuthErrorResult>> Revoke(
        HttpContext http, [AsParameters] OidcServices services, CancellationToken ct)
    {
        var (parameters, error) = await OAuthParameters.ReadAsync(http, ct);
        if (error is not null)
        {
            return error;
        }

        var (client, clientError) = ClientAuthentication.Authenticate(http.Request, parameters!, services.Clients);
        if (clientError is not null)
        {
            return clientError;
        }

        if (parameters!["token"] is not { } token)
        {
            return OAuthErrors.InvalidRequest("token is required.");
        }

        var (access, refresh) = Find(token, services);
        if (access is not null && string.Equals(access.Family.ClientId, client!.ClientId, StringComparison.Ordinal))
        {
            access.Revoke();
            OidcLog.Revoked(services.Logger, client.ClientId, "access token", access.Family.UserId);
        }
        else if (refresh is not null && string.Equals(refresh.Family.ClientId, client!.ClientId, StringComparison.Ordinal))
        {
            refresh.Revoke();
            refresh.Family.Revoke();
            OidcLog.Revoked(services.Logger, client.ClientId, "refresh token and the access tokens issued with it", refresh.Family.UserId);
        }

        return TypedResults.Json(new RevocationResponse(StytchIds.RequestId(), 200), EmulatorJsonContext.Default.RevocationResponse);
    }

    /// <summary>The access token (a JWT the published keys verify, found by its <c>jti</c>) or the refresh token a value stands for.</summary>
    public static (AccessTokenRecord? Access, RefreshTokenRecord? Refresh) Find(string token, OidcServices services)
    {
        if (token.Count(c => c == '.') != 2)
        {
            return (null, services.Tokens.FindRefresh(token));
        }

        var (outcome, payload) = JwtSigner.Read(services.Keys, token);
        return outcome == JwtCheckOutcome.Valid && payload.TryGetProperty("jti", out var jti) && jti.ValueKind == JsonValueKind.String
            ? (services.Tokens.FindAccess(jti.GetString()!), null)
            : (null, null);
    }

    private static IntrospectionResponse Active(
        TokenFamily family, string scope, string tokenType, string issuer, IReadOnlyList<string> audience, DateTimeOffset issuedAt, DateTimeOffset expiresAt) => new()
        {
            Active = true,
            Scope = scope,
            ClientId = family.ClientId,
            TokenType = tokenType,
            Exp = expiresAt.ToUnixTimeSeconds(),
            Iat = issuedAt.ToUnixTimeSeconds(),
            Nbf = issuedAt.ToUnixTimeSeconds(),
            Sub = family.UserId,
            Iss = issuer,
            Aud = audience,
            RequestId = StytchIds.RequestId(),
            StatusCode = 200,
        };
}
