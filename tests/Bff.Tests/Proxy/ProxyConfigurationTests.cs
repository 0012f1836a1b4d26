using Bff.Proxy;
using Bff.Security;
using Bff.Sessions;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Bff.Tests.Proxy;

public sealed class ProxyConfigurationTests
{
    [Fact]
    public async Task AnUnknownTokenRequirementStopsTheStart()
    {
        await using var factory = new BffFactory();
        factory.Settings["ReverseProxy:Routes:orders:ClusterId"] = "sample-api";
        factory.Settings["ReverseProxy:Routes:orders:Match:Path"] = "/orders/{**catch-all}";
        factory.Settings["ReverseProxy:Routes:orders:Metadata:Bff.TokenRequirement"] = "Client";

        Assert.ThrowsAny<InvalidOperationException>(() => factory.CreateClient());
    }

    [Fact]
    public void TheConfigurationErrorNamesTheKeyAndTheAllowedValues()
    {
        var provider = Provider();
        var context = new TransformRouteValidationContext
        {
            Services = null!,
            Route = new RouteConfig
            {
                RouteId = "orders",
                ClusterId = "sample-api",
                Metadata = new Dictionary<string, string> { [ProxyRouteMetadata.TokenRequirementKey] = "Client" },
            },
        };

        provider.ValidateRoute(context);

        var error = Assert.Single(context.Errors);
        Assert.Equal(
            "ReverseProxy:Routes:orders:Metadata:Bff.TokenRequirement is 'Client'. Use User, UserOrNone, None (or leave it out for User).",
            error.Message);
    }

    [Fact]
    public void AnUnknownResponseCachingNamesTheKeyAndTheAllowedValues()
    {
        var context = new TransformRouteValidationContext
        {
            Services = null!,
            Route = new RouteConfig
            {
                RouteId = "orders",
                ClusterId = "sample-api",
                Metadata = new Dictionary<string, string> { [ProxyRouteMetadata.ResponseCachingKey] = "Sometimes" },
            },
        };

        Provider().ValidateRoute(context);

        var error = Assert.Single(context.Errors);
        Assert.Equal(
            "ReverseProxy:Routes:orders:Metadata:Bff.ResponseCaching is 'Sometimes'. Use NoStore, Upstream (or leave it out for NoStore).",
            error.Message);
    }

    private static BffProxyTransformProvider Provider() => new(
        new BffCookieNames(new OptionsMonitorStub<BffSessionOptions>(new BffSessionOptions())),
        Options.Create(new BffOptions { PublicOrigin = new Uri(BffFactory.PublicOrigin) }),
        NullLoggerFactory.Instance);
}
