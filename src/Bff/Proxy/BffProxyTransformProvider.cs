using Yarp.ReverseProxy.Transforms.Builder;

namespace Bff.Proxy;

/// <summary>
/// Adds the BFF's transforms to every route of the <c>ReverseProxy</c> configuration, and refuses, when the
/// configuration loads, a route whose <c>Bff.TokenRequirement</c> is not one of the known values.
/// </summary>
internal sealed class BffProxyTransformProvider(BffCookieNames cookies, ILoggerFactory loggers) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
        var raw = ProxyRouteMetadata.RawValue(context.Route);
        if (!ProxyRouteMetadata.TryParse(raw, out _))
        {
            context.Errors.Add(new ArgumentException(
                $"ReverseProxy:Routes:{context.Route.RouteId}:Metadata:{ProxyRouteMetadata.TokenRequirementKey} is '{raw}'. " +
                $"Use {string.Join(", ", Enum.GetNames<TokenRequirement>())} (or leave it out for {TokenRequirement.User})."));
        }
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        var requirement = ProxyRouteMetadata.TokenRequirementOf(context.Route);

        // First, so that the route's own configured transforms see (and may still adjust) the cleaned request.
        context.RequestTransforms.Insert(0, new BffRequestTransform(requirement, cookies));
        context.ResponseTransforms.Add(new BffResponseTransform(context.Route.RouteId, cookies, loggers.CreateLogger<BffResponseTransform>()));
    }
}
