using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Idp;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.Jwt;

namespace Stytch.Emulator.Oidc;

/// <summary>OIDC discovery (also served as RFC 8414 metadata) and the JWK Set.</summary>
internal static class DiscoveryEndpoints
{
    /// <summary>
    /// The provider metadata. <c>authorization_endpoint</c> is the project's Authorization URL (the consent page the
    /// application hosts); without one, 400 <c>authorization_endpoint_not_configured_for_project</c>.
    /// </summary>
    public static Results<JsonHttpResult<DiscoveryDocument>, JsonHttpResult<StytchError>> Discovery(HttpContext http, IdpSettings settings)
    {
        var authorizationUrl = settings.AuthorizationUrl;
        if (string.IsNullOrEmpty(authorizationUrl))
        {
            return StytchErrors.AuthorizationEndpointNotConfigured();
        }

        var at = OidcEndpointsInfo.Of(http);
        return TypedResults.Json(
            new DiscoveryDocument
            {
                Issuer = at.Issuer,
                AuthorizationEndpoint = authorizationUrl,
                TokenEndpoint = at.TokenEndpoint,
                UserinfoEndpoint = at.UserInfoEndpoint,
                JwksUri = at.JwksUri,
                IntrospectionEndpoint = at.IntrospectionEndpoint,
                RevocationEndpoint = at.RevocationEndpoint,
                ResponseTypesSupported = ["code"],
                GrantTypesSupported = ["authorization_code", "refresh_token"],
                SubjectTypesSupported = ["public"],
                IdTokenSigningAlgValuesSupported = ["RS256"],
                ScopesSupported = [.. IdpScopes.All],
                TokenEndpointAuthMethodsSupported = ["client_secret_basic", "client_secret_post", "none"],
                CodeChallengeMethodsSupported = ["S256"],
                ClaimsSupported = ["sub", "iss", "aud", "exp", "iat", "nbf", "nonce", "name", "given_name", "family_name", "email", "email_verified"],
                RequestId = StytchIds.RequestId(),
                StatusCode = 200,
            },
            EmulatorJsonContext.Default.DiscoveryDocument);
    }

    /// <summary>The project's signing keys (the same as <c>/v1/sessions/jwks/{project_id}</c>), as a plain JWK Set.</summary>
    public static JsonHttpResult<JwkSet> Jwks(SigningKeys keys) =>
        TypedResults.Json(new JwkSet([.. keys.Published.Select(k => k.Jwk)]), EmulatorJsonContext.Default.JwkSet);
}
