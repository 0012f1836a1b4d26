using System.Diagnostics;
using Bff.Proxy;
using Bff.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Bff.Tests.Proxy;

/// <summary>The proxy's small parts, without a host.</summary>
public sealed class ProxyUnitTests
{
    [Theory]
    [InlineData(null, TokenRequirement.User)]
    [InlineData("User", TokenRequirement.User)]
    [InlineData("useRornone", TokenRequirement.UserOrNone)]
    [InlineData(" None ", TokenRequirement.None)]
    public void KnownTokenRequirementsParse(string? raw, TokenRequirement expected)
    {
        Assert.True(ProxyRouteMetadata.TryParse(raw, out TokenRequirement parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("2")]
    [InlineData("Client")]
    [InlineData("User,None")]
    public void UnknownTokenRequirementsAreRefused(string raw) => Assert.False(ProxyRouteMetadata.TryParse(raw, out TokenRequirement _));

    [Theory]
    [InlineData("__Host-bff-session", true)]
    [InlineData("__host-BFF-SESSION", true)]
    [InlineData("__Host-bff-sessionC1", true)]
    [InlineData("__Host-bff-sessionc12", true)]
    [InlineData("__Host-bff-oauth", true)]
    [InlineData(" __Host-bff-oauth ", true)]
    [InlineData("__Host-bff-ml-AAAAAAAAAAAAAAAAAAAAAA", true)]
    [InlineData("__Host-bff-ml-x", true)]
    [InlineData("__Host-bff-ml", false)]
    [InlineData("__Host-bff-sessionC", false)]
    [InlineData("__Host-bff-session-x", false)]
    [InlineData("__Host-bff-sessionCx", false)]
    [InlineData("theme", false)]
    public void BffCookiesAreRecognisedByNameIncludingChunks(string name, bool isBff) =>
        Assert.Equal(isBff, Cookies().IsBffCookie(name));

    [Fact]
    public void OnlyTheBffCookiesAreRemovedFromTheCookieHeader()
    {
        var cookies = Cookies();

        Assert.Equal("a=1; b=x=y; flag", cookies.WithoutBffCookies(["a=1; __Host-bff-session=s; b=x=y", "flag;;__Host-bff-oauth=o"]));
        Assert.Null(cookies.WithoutBffCookies(["__Host-bff-session=s", "__Host-bff-sessionC1=c"]));
        Assert.Null(cookies.WithoutBffCookies([]));
    }

    [Theory]
    [InlineData("/api/orders/7", true)]
    [InlineData("/api//x", true)]
    [InlineData("/api/a.b/..c/...", true)]
    [InlineData("/api/%25", true)]
    [InlineData("/api/../admin", false)]
    [InlineData("/api/./x", false)]
    [InlineData("/api/..", false)]
    [InlineData("/api/..%2Fadmin", false)]
    [InlineData("/api/%2fx", false)]
    [InlineData("/api/..\\admin", false)]
    [InlineData("/api/%5cx", false)]
    [InlineData("/api/a\u0000b", false)]
    [InlineData("/api/a\nb", false)]
    [InlineData("/api/..;/admin", false)]
    [InlineData("/api/.;x=1/admin", false)]
    [InlineData("/api/orders;jsessionid=x", false)]
    public void OnlyPathsEveryUpstreamReadsTheSameWayAreForwarded(string path, bool forwarded) =>
        Assert.Equal(forwarded, ProxyPath.IsUnambiguous(new PathString(path)));

    [Fact]
    public async Task WithoutACurrentActivityTheForwardRunsUnderOneChildOfTheCallersTraceparent()
    {
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            var trace = ActivityTraceId.CreateRandom();
            var span = ActivitySpanId.CreateRandom();
            var context = ProxiedContext();
            context.Request.Headers.TraceParent = $"00-{trace}-{span}-01";
            Activity? seen = null;
            var middleware = new ProxyOutcomeMiddleware(_ => { seen = Activity.Current; return Task.CompletedTask; }, NullLogger<ProxyOutcomeMiddleware>.Instance);

            await middleware.InvokeAsync(context);

            Assert.NotNull(seen);
            Assert.Equal(ActivityIdFormat.W3C, seen.IdFormat);
            Assert.Equal(trace, seen.TraceId);
            Assert.Equal(span, seen.ParentSpanId);
            Assert.Null(Activity.Current);
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    private static BffCookieNames Cookies() =>
        new(new OptionsMonitorStub<BffSessionOptions>(new BffSessionOptions()));

    private static DefaultHttpContext ProxiedContext()
    {
        var context = new DefaultHttpContext();
        var route = new RouteModel(new RouteConfig { RouteId = "r", ClusterId = "c" }, null, HttpTransformer.Empty);
        context.Features.Set<IReverseProxyFeature>(new FakeProxyFeature(route));
        return context;
    }

    private sealed class FakeProxyFeature(RouteModel route) : IReverseProxyFeature
    {
        public RouteModel Route { get; } = route;

        public ClusterModel Cluster { get; set; } = null!;

        public IReadOnlyList<DestinationState> AllDestinations { get; set; } = [];

        public IReadOnlyList<DestinationState> AvailableDestinations { get; set; } = [];

        public DestinationState? ProxiedDestination { get; set; }
    }
}
