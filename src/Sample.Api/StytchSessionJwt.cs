using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace Sample.Api;

/// <summary>
/// How an API behind the BFF verifies the Stytch session JWT it receives as <c>Authorization: Bearer</c>: RS256 only,
/// signed by a key of the project's JWKS (<c>{Stytch base URL}/v1/sessions/jwks/{project_id}</c>, keys picked by
/// <c>kid</c>, fetched again when an unknown <c>kid</c> appears), <c>iss</c> = <c>stytch.com/{project_id}</c>,
/// <c>aud</c> = the project id, <c>exp</c> required (Stytch session JWTs live 5 minutes; 30 s of clock skew).
/// </summary>
public static class StytchSessionJwt
{
    public static AuthenticationBuilder AddStytchSessionJwt(this AuthenticationBuilder builder, Uri stytchBaseUrl, string projectId)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var jwksUrl = JwksUrl(stytchBaseUrl, projectId);
        if (jwksUrl.Scheme != Uri.UriSchemeHttps && !jwksUrl.IsLoopback)
        {
            throw new ArgumentException($"The Stytch base URL must use https (http only for an emulator on this machine); got '{stytchBaseUrl}'.", nameof(stytchBaseUrl));
        }

        builder.Services.AddSingleton(sp => new StytchJwksCache(jwksUrl, TimeProvider.System));
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<StytchJwksCache>((options, jwks) =>
            {
                options.MapInboundClaims = false;
                options.ConfigurationManager = jwks;
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context => jwks.EnsureKeyAsync(KeyIdOf(context.Request), context.HttpContext.RequestAborted),
                };
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
        return builder.AddJwtBearer();
    }

    public static Uri JwksUrl(Uri stytchBaseUrl, string projectId)
    {
        ArgumentNullException.ThrowIfNull(stytchBaseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        return new Uri($"{stytchBaseUrl.ToString().TrimEnd('/')}/v1/sessions/jwks/{Uri.EscapeDataString(projectId)}");
    }

    /// <summary>The <c>kid</c> in the bearer token's header, when there is a well-formed one.</summary>
    private static string? KeyIdOf(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return new JsonWebToken(header["Bearer ".Length..].Trim()).Kid;
        }
        catch (ArgumentException)
        {
            return null; // not a JWT: JwtBearer refuses it
        }
    }
}
