using Bff.Security;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Bff.Proxy;

/// <summary>
/// Adds the BFF's transforms to every route of the <c>ReverseProxy</c> configuration, and refuses, when the
/// configuration loads, a route whose <c>Bff.TokenRequirement</c> or <c>Bff.ResponseCaching</c> is not one of the
/// known values.
/// </summary>
internal sealed class BffProxyTransformProvider(BffCookieNames cookies, IOptions<BffOptions> bff, ILoggerFactory loggers) : ITransformProvider
{
    public const string ForwardedHostHeader = "X-Forwarded-Host";
    private readonly Lazy<string> _publicHost = new(() => bff.Value.PublicHost());

    public void ValidateRoute(TransformRouteValidationContext context)
    {
        Validate<TokenRequirement>(context, ProxyRouteMetadata.TokenRequirementKey, TokenRequirement.User);
        Validate<ResponseCaching>(context, ProxyRouteMetadata.ResponseCachingKey, ResponseCaching.NoStore);
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        var requirement = ProxyRouteMetadata.TokenRequirementOf(context.Route);

        // First, so that the route's own configured transforms see (and may still adjust) the cleaned request.
        context.RequestTransforms.Insert(0, new BffRequestTransform(requirement, cookies));

        // YARP's default forwarded headers, except X-Forwarded-Host: the caller's Host is the caller's choice.
        if (context.UseDefaultForwarders ?? true)
        {
            context.AddXForwardedFor();
            context.AddXForwardedProto();
            context.AddXForwardedPrefix();
            context.UseDefaultForwarders = false;
        }

        // Last, over whatever a route's own X-Forwarded transforms set: the upstream is told the site's public host.
        // Read per request: the proxy configuration loads before the start-up validation of Bff:PublicOrigin reports.
        context.AddRequestTransform(forwarded =>
        {
            RequestTransform.RemoveHeader(forwarded, ForwardedHostHeader);
            RequestTransform.AddHeader(forwarded, ForwardedHostHeader, _publicHost.Value);
            return ValueTask.CompletedTask;
        });
        context.ResponseTransforms.Add(new BffResponseTransform(
            context.Route.RouteId, ProxyRouteMetadata.ResponseCachingOf(context.Route), cookies, loggers.CreateLogger<BffResponseTransform>()));
    }

    private static void Validate<TEnum>(TransformRouteValidationContext context, string key, TEnum whenMissing)
        where TEnum : struct, Enum
    {
        var raw = ProxyRouteMetadata.RawValue(context.Route, key);
        if (!ProxyRouteMetadata.TryParse(raw, out TEnum _))
        {
            context.Errors.Add(new ArgumentException(
                $"ReverseProxy:Routes:{context.Route.RouteId}:Metadata:{key} is '{raw}'. " +
                $"Use {string.Join(", ", Enum.GetNames<TEnum>())} (or leave it out for {whenMissing})."));
        }
    }
}
