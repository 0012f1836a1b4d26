using System.Net;

namespace Bff.Tests.Proxy;

/// <summary>
/// A proxied answer is per user unless a route says otherwise: <c>Cache-Control: no-store</c> replaces the upstream's
/// caching headers (a cached answer could be shown again by a later navigation without reaching the BFF, so without the
/// CSRF check or a session). A route opts out with the metadata <c>"Bff.ResponseCaching": "Upstream"</c>.
/// CORS grants and <c>Refresh</c> redirects from an upstream are never passed on.
/// </summary>
public sealed class ProxyResponseCachingTests : ProxyTest
{
    [Fact]
    public async Task AProxiedAnswerIsNoStoreWhateverCachingTheUpstreamAskedFor()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();

        using var response = await client.GetAsync("/public/hostile-headers", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Null(response.Content.Headers.Expires);
        Assert.DoesNotContain(AllHeaders(response), h => h.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || h == "Refresh");
        Assert.Equal("yes", response.Headers.GetValues("X-Upstream").Single()); // everything else passes
    }

    [Fact]
    public async Task ARouteThatOptsOutKeepsTheUpstreamsCachingButNeverItsCorsOrRefresh()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Settings["ReverseProxy:Routes:test-cacheable:ClusterId"] = "sample-api";
        Factory.Settings["ReverseProxy:Routes:test-cacheable:Match:Path"] = "/cacheable/{**catch-all}";
        Factory.Settings["ReverseProxy:Routes:test-cacheable:Metadata:Bff.TokenRequirement"] = "None";
        Factory.Settings["ReverseProxy:Routes:test-cacheable:Metadata:Bff.ResponseCaching"] = "Upstream";
        using var client = Factory.CreateCookielessClient();

        using var response = await client.GetAsync("/cacheable/hostile-headers", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl is { Public: true, NoStore: false, MaxAge.TotalDays: 365 }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.NotNull(response.Content.Headers.Expires);
        Assert.DoesNotContain(AllHeaders(response), h => h.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || h == "Refresh");
    }

    [Fact]
    public void AnUnknownResponseCachingValueStopsTheStart()
    {
        Factory.Settings["ReverseProxy:Routes:test-cacheable:ClusterId"] = "sample-api";
        Factory.Settings["ReverseProxy:Routes:test-cacheable:Match:Path"] = "/cacheable/{**catch-all}";
        Factory.Settings["ReverseProxy:Routes:test-cacheable:Metadata:Bff.ResponseCaching"] = "Sometimes";

        Assert.ThrowsAny<InvalidOperationException>(() => Factory.CreateClient()); // the message: ProxyConfigurationTests
    }

    private static IEnumerable<string> AllHeaders(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers).Select(h => h.Key);
}
