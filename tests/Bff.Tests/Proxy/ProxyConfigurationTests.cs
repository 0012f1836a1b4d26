using Bff.Proxy;
using Bff.Sessions;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
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
        var provider = new BffProxyTransformProvider(
            new BffCookieNames(new OptionsMonitorStub<BffSessionOptions>(new BffSessionOptions())), NullLoggerFactory.Instance);
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
}
