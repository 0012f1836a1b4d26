using Stytch.Emulator.Infrastructure;

namespace Stytch.Emulator.Oidc;

/// <summary>
/// The public OAuth 2.0 / OIDC endpoints a Connected App uses, on the base URL and under Stytch's legacy prefix
/// <c>/v1/public/{project_id}</c>: discovery, JWKS, token, introspection, revocation and userinfo. None takes the
/// project's credentials.
/// </summary>
internal static class OidcRoutes
{
    public static IEndpointRouteBuilder MapOidc(this IEndpointRouteBuilder app)
    {
        app.MapGroup("").MapOidcRoutes("/v1/oauth2");

        // Node's introspectTokenNetwork and Stytch's own examples call these (connected-apps-idp.md §3).
        var legacy = app.MapGroup($"/v1/public/{{{OidcEndpointsInfo.ProjectIdRouteValue}}}");
        legacy.AddEndpointFilter<ThisProjectOnly>();
        legacy.MapOidcRoutes("/oauth2");
        return app;
    }

    private static void MapOidcRoutes(this RouteGroupBuilder group, string oauth2)
    {
        group.MapGet("/.well-known/openid-configuration", DiscoveryEndpoints.Discovery).WithPublicOperation(EmulatorOperations.OAuth2Discovery);
        group.MapGet("/.well-known/oauth-authorization-server", DiscoveryEndpoints.Discovery).WithPublicOperation(EmulatorOperations.OAuth2Discovery);
        group.MapGet("/.well-known/jwks.json", DiscoveryEndpoints.Jwks).WithPublicOperation(EmulatorOperations.OAuth2Jwks);
        group.MapPost(oauth2 + "/token", TokenEndpoint.Token).WithOAuthOperation(EmulatorOperations.OAuth2Token);
        group.MapPost(oauth2 + "/introspect", IntrospectionEndpoints.Introspect).WithOAuthOperation(EmulatorOperations.OAuth2Introspect);
        group.MapPost(oauth2 + "/revoke", IntrospectionEndpoints.Revoke).WithOAuthOperation(EmulatorOperations.OAuth2Revoke);
        group.MapGet(oauth2 + "/userinfo", UserInfoEndpoint.UserInfo).WithOAuthOperation(EmulatorOperations.OAuth2UserInfo);
    }

    /// <summary>The legacy prefix names a project: only this emulator's own is found.</summary>
    private sealed class ThisProjectOnly(EmulatorOptions options) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
            string.Equals(context.HttpContext.GetRouteValue(OidcEndpointsInfo.ProjectIdRouteValue) as string, options.ProjectId, StringComparison.Ordinal)
                ? await next(context)
                : StytchErrors.ProjectNotFound();
    }
}
