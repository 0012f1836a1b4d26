using System.Net;
using System.Text.Json;
using Bff.Tests.Infrastructure;
using Serilog.Events;

namespace Bff.Tests.Proxy;

public sealed class ProxyCsrfAndFailureTests : ProxyTest
{
    private readonly TestUser _user = new("grace@example.com", "correct-horse");
    [Theory]
    [InlineData("/api/orders")]
    [InlineData("/optional/feed")]
    [InlineData("/public/news")]
    public async Task WithoutTheCsrfHeaderEveryProxiedRouteIs403AndUpstreamIsNotCalled(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        client.DefaultRequestHeaders.Remove("X-CSRF");

        using var get = await client.GetAsync(path, ct);
        using var post = await client.PostAsync(path, new StringContent("{}"), ct);

        await ProxyTokenTests.AssertProblemAsync(get, HttpStatusCode.Forbidden, ct);
        await ProxyTokenTests.AssertProblemAsync(post, HttpStatusCode.Forbidden, ct);
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task AForeignOriginIs403AndTheAllowedOriginIsForwarded()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);

        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/orders?mark=foreign") { Content = new StringContent("{}") };
        foreign.Headers.Add("Origin", "https://evil.example");
        using var foreignResponse = await client.SendAsync(foreign, ct);

        using var allowed = new HttpRequestMessage(HttpMethod.Post, "/api/orders?mark=allowed") { Content = new StringContent("{}") };
        allowed.Headers.Add("Origin", BffFactory.PublicOrigin);
        using var allowedResponse = await client.SendAsync(allowed, ct);

        await ProxyTokenTests.AssertProblemAsync(foreignResponse, HttpStatusCode.Forbidden, ct);
        Assert.Empty(Upstream.RequestsFor("mark=foreign"));
        Assert.Equal(HttpStatusCode.OK, allowedResponse.StatusCode);
        Assert.Single(Upstream.RequestsFor("mark=allowed"));
    }

    [Fact]
    public async Task AnUnreachableUpstreamIs502ProblemWithTheRequestId()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();

        using var response = await client.GetAsync("/down/anything", ct);

        await ProxyTokenTests.AssertProblemAsync(response, HttpStatusCode.BadGateway, ct);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("upstream_unreachable", problem.RootElement.GetProperty("error_type").GetString());
        var requestId = response.Headers.GetValues("X-Request-Id").Single();

        // Logged once (ProxyFailed, with the exception); YARP's own ForwardingError warning is turned down in appsettings.json.
        // (The request-completion summary also logs the 502, at Error; it is the request log, not a forwarding event.)
        var logged = Assert.Single(Factory.Logs.Events, e => e.Level >= LogEventLevel.Warning && CapturedLogs.Property(e, "RequestId") == requestId
            && CapturedLogs.Property(e, "SourceContext") != "Serilog.AspNetCore.RequestLoggingMiddleware");
        Assert.Contains("ProxyFailed", logged.Properties["EventId"].ToString(), StringComparison.Ordinal);
        Assert.Equal("test-down", CapturedLogs.Property(logged, "RouteId"));
        Assert.Equal("Request", CapturedLogs.Property(logged, "ForwarderError"));
        Assert.Equal("502", CapturedLogs.Property(logged, "StatusCode"));
        Assert.NotNull(logged.Exception);
    }

    [Fact]
    public async Task AClusterWithoutAvailableDestinationsIs503Problem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();

        using var response = await client.GetAsync("/nodest/anything", ct);

        await ProxyTokenTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, ct);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("upstream_unavailable", problem.RootElement.GetProperty("error_type").GetString());
    }

    [Fact]
    public async Task AnUpstreamSlowerThanTheClusterActivityTimeoutIs504Problem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();
        client.Timeout = TimeSpan.FromSeconds(15);

        using var response = await client.GetAsync("/slow-api/slow?mark=slow", ct);

        await ProxyTokenTests.AssertProblemAsync(response, HttpStatusCode.GatewayTimeout, ct);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("upstream_timeout", problem.RootElement.GetProperty("error_type").GetString());
        Assert.Single(Upstream.RequestsFor("mark=slow"));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task UpstreamErrorsPassThroughUnchanged(int status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();

        using var response = await client.GetAsync($"/public/status/{status}", ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal($"upstream says {status}", await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("yes", response.Headers.GetValues("X-Upstream").Single());
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("empty-chunked")]
    public async Task AnEmptyUpstream404StaysEmptyAndIsNotTurnedIntoABffProblem(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();

        using var response = await client.GetAsync($"/public/{kind}/404", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(ct));
        Assert.Null(response.Content.Headers.ContentType);
    }
}
