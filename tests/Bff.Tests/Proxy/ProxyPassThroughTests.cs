using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Bff.Tests.Infrastructure;
using Serilog.Events;

namespace Bff.Tests.Proxy;

public sealed class ProxyPassThroughTests : ProxyTest
{
    [Fact]
    public async Task TheBffRequestIdAndATraceparentOfTheCallersTraceReachTheUpstream()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();
        var callerTrace = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/public/trace?mark=traced");
        request.Headers.Add("X-Request-Id", "spa-request-42");
        request.Headers.Add("traceparent", $"00-{callerTrace}-{callerSpan}-01");

        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.RequestsFor("mark=traced"));
        Assert.Equal(["spa-request-42"], received.RequestIds);
        Assert.Equal(["spa-request-42"], response.Headers.GetValues("X-Request-Id"));
        var traceparent = ActivityContext.Parse(received.TraceParent!, null);
        Assert.Equal(callerTrace, traceparent.TraceId);
        Assert.NotEqual(callerSpan, traceparent.SpanId);
    }

    [Fact]
    public async Task WithoutIncomingIdsTheUpstreamGetsTheGeneratedRequestIdAndANewTrace()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();

        using var response = await client.GetAsync("/public/trace?mark=fresh", ct);

        var received = Assert.Single(Upstream.RequestsFor("mark=fresh"));
        var bffRequestId = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Equal([bffRequestId], received.RequestIds);
        Assert.NotNull(received.TraceParent);
        Assert.NotEqual(default, ActivityContext.Parse(received.TraceParent, null).TraceId);
    }

    [Fact]
    public async Task TheUpstreamsOwnRequestIdDoesNotReplaceOrDuplicateTheBffs()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();

        using var response = await client.GetAsync("/public/request-id", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.NotEqual("upstream-own-id", id);
    }

    [Fact]
    public async Task QueryStringsPassThroughByteForByte()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();
        const string query = "?mark=query&a=1&b=%20x+y&c=%2F%3F%23&list=1&list=2&empty=&flag&unicode=%C3%A9%E2%9C%93";

        using var response = await client.GetAsync($"/public/search{query}", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.RequestsFor("mark=query"));
        Assert.Equal(query, received.Query);
        Assert.Equal($"/upstream/public/search{query}", received.RawTarget);
    }

    [Theory]
    [InlineData("POST", 0)]
    [InlineData("POST", 17)]
    [InlineData("PUT", 1024 * 1024)]
    [InlineData("PATCH", (1024 * 1024) + 3)]
    public async Task RequestBodiesPassThroughIntact(string method, int size)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();
        var body = RandomNumberGenerator.GetBytes(size);
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/public/upload?mark=body-{method}-{size}")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/octet-stream");

        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.RequestsFor($"mark=body-{method}-{size}"));
        Assert.Equal(method, received.Method);
        Assert.Equal(size, received.BodyLength);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)), received.BodySha256);
    }

    [Fact]
    public async Task AnUpstreamCannotSetTheBffsCookiesButCanSetItsOwn()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();

        using var response = await client.GetAsync("/public/set-cookie", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["upstream-pref=dark; path=/"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal(2, Factory.Logs.WithEventName("UpstreamSetBffCookieDropped").Count());
    }

    [Fact]
    public async Task EveryForwardedCallIsLoggedOnceWithRouteStatusElapsedAndRequestId()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();

        using var ok = await client.GetAsync("/public/logged", ct);
        using var notFound = await client.GetAsync("/public/status/404", ct);

        foreach (var (response, status) in new[] { (ok, 200), (notFound, 404) })
        {
            var requestId = response.Headers.GetValues("X-Request-Id").Single();
            var events = Factory.Logs.Events.Where(e => CapturedLogs.Property(e, "RequestId") == requestId).ToList();
            var forwarded = Assert.Single(events, e => CapturedLogs.Property(e, "RouteId") is not null);
            Assert.Contains("ProxyForwarded", forwarded.Properties["EventId"].ToString(), StringComparison.Ordinal);
            Assert.Equal(LogEventLevel.Information, forwarded.Level);
            Assert.Equal("test-public", CapturedLogs.Property(forwarded, "RouteId"));
            Assert.Equal("sample-api", CapturedLogs.Property(forwarded, "ClusterId"));
            Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), CapturedLogs.Property(forwarded, "UpstreamStatus"));
            Assert.True(double.Parse(CapturedLogs.Property(forwarded, "ElapsedMs")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        }

        // YARP's own per-request Information logs are turned down in appsettings.json ("Yarp": "Warning").
        Assert.DoesNotContain(Factory.Logs.Events, e => e.Level < LogEventLevel.Warning
            && CapturedLogs.Property(e, "SourceContext")?.StartsWith("Yarp", StringComparison.Ordinal) == true);
    }
}
