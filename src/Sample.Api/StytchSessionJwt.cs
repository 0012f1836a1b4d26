using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Sample.Api;

/// <summary>
/// How an API behind the BFF verifies the Stytch session JWT it receives as <c>Authorization: Bearer</c>: RS256 only,
/// signed by a key of the project's JWKS (<c>{Stytch base URL}/v1/sessions/jwks/{project_id}</c>, keys picked by
/// <c>kid</c> and re-fetched when an unknown <c>kid</c> appears), <c>iss</c> = <c>stytch.com/{project_id}</c>,
/// <c>aud</c> = the project id, <c>exp</c> required (Stytch session JWTs live 5 minutes; 30 s of clock skew).
/// </summary>
public static class StytchSessionJwt
{
    public static AuthenticationBuilder AddStytchSessionJwt(this AuthenticationBuilder builder, Uri stytchBaseUrl, string projectId)
    {
        ArgumentNullException.ThrowIfNull(stytchBaseUrl);
        var jwksUrl = JwksUrl(stytchBaseUrl, projectId);

        // https everywhere; plain http only for an emulator on this machine.
        var requireHttps = !(stytchBaseUrl.Scheme == Uri.UriSchemeHttp && stytchBaseUrl.IsLoopback);
        return builder.AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.RequireHttpsMetadata = requireHttps;
            options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                jwksUrl.ToString(), new StytchJwksRetriever(), new HttpDocumentRetriever { RequireHttps = requireHttps });
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = $"stytch.com/{projectId}",
                ValidAudience = projectId,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
            };
        });
    }

    public static Uri JwksUrl(Uri stytchBaseUrl, string projectId)
    {
        ArgumentNullException.ThrowIfNull(stytchBaseUrl);
        return new Uri($"{stytchBaseUrl.ToString().TrimEnd('/')}/v1/sessions/jwks/{Uri.EscapeDataString(projectId)}");
    }
}
