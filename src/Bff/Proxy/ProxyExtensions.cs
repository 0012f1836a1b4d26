using Bff.Security;

namespace Bff.Proxy;

/// <summary>
/// The SPA's calls to the team's APIs, forwarded with YARP. Routes and clusters are YARP's standard
/// <c>ReverseProxy</c> configuration section (every YARP feature stays available); the BFF adds the per-route
/// <c>Bff.TokenRequirement</c> metadata, the CSRF rules of the rest of the API, and its transforms.
/// </summary>
public static class ProxyExtensions
{
    public const string SectionName = "ReverseProxy";

    public static IServiceCollection AddBffProxy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<BffCookieNames>();
        services.AddReverseProxy()
            .LoadFromConfig(configuration.GetSection(SectionName))
            .AddTransforms<BffProxyTransformProvider>();
        return services;
    }

    /// <summary>Maps every configured route. Place after authentication and the session freshness middleware.</summary>
    public static ReverseProxyConventionBuilder MapBffProxy(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<ProxyRequestGateMiddleware>();
            proxy.UseMiddleware<ProxyOutcomeMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        }).RequireCsrf();
}
