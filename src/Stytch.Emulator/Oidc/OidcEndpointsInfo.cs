namespace Stytch.Emulator.Oidc;

/// <summary>
/// Where a Connected App reached the emulator. On the base URL (the "project domain"), the issuer is the request's
/// origin, e.g. <c>http://127.0.0.1:5189</c>. Under the legacy prefix <c>/v1/public/{project_id}</c> (Stytch's
/// stytch.com domain), the issuer is <c>stytch.com/{project_id}</c>. Node's <c>introspectTokenLocal</c> accepts both.
/// </summary>
internal readonly record struct OidcEndpointsInfo(string Origin, string? LegacyProjectId)
{
    public const string ProjectIdRouteValue = "projectId";

    public string Issuer => LegacyProjectId is { } projectId ? "stytch.com/" + projectId : Origin;

    private string Prefix => LegacyProjectId is { } projectId ? $"{Origin}/v1/public/{projectId}" : Origin + "/v1";

    public string TokenEndpoint => Prefix + "/oauth2/token";

    public string IntrospectionEndpoint => Prefix + "/oauth2/introspect";

    public string RevocationEndpoint => Prefix + "/oauth2/revoke";

    public string UserInfoEndpoint => Prefix + "/oauth2/userinfo";

    public string JwksUri => (LegacyProjectId is { } projectId ? $"{Origin}/v1/public/{projectId}" : Origin) + "/.well-known/jwks.json";

    public static OidcEndpointsInfo Of(HttpContext http) =>
        new($"{http.Request.Scheme}://{http.Request.Host}", http.GetRouteValue(ProjectIdRouteValue) as string);
}
