using Bff.Hosting;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bff.Tests.Hosting;

/// <summary>
/// Behind a TLS-terminating load balancer: X-Forwarded-For/-Proto are believed only from the configured proxies and
/// networks. Observed through what the app does with them: HSTS (https only) and the client address in the request log.
/// </summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private const string Proxy = "10.0.0.5";
    private const string Client = "203.0.113.7";
    private readonly BffFactory _factory = new() { RemoteIpFromTestHeader = true };

    public ForwardedHeadersTests()
    {
        _factory.Settings["ForwardedHeaders:KnownProxies:0"] = Proxy;
        _factory.Settings["ForwardedHeaders:KnownNetworks:0"] = "192.168.100.0/24";
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData(Proxy)]
    [InlineData("192.168.100.7")]
    public async Task ForwardedHeadersFromAKnownProxyGiveTheClientsSchemeAndAddress(string proxy)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await SendAsync(from: proxy, ct);

        Assert.True(response.Headers.Contains("Strict-Transport-Security"), "the request counts as https: HSTS is sent");
        Assert.Equal(Client, await ClientIpLoggedForAsync(response, ct));
    }

    [Theory]
    [InlineData("198.51.100.9")]
    [InlineData("127.0.0.1")] // loopback is not trusted implicitly
    public async Task ForwardedHeadersFromAnyoneElseAreIgnored(string stranger)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await SendAsync(from: stranger, ct);

        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "a forged X-Forwarded-Proto must not count");
        Assert.Equal(stranger, await ClientIpLoggedForAsync(response, ct));
    }

    [Fact]
    public async Task AnInvalidProxyNetworkStopsTheStartWithTheKeyToFix()
    {
        await using var factory = new BffFactory();
        factory.Settings["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/99";
        var settings = new ForwardedHeadersSettings { KnownProxies = ["10.0.0.5", "proxy.internal"], KnownNetworks = ["10.0.0.0/99"] };

        var validation = new ForwardedHeadersSettingsValidator().Validate(null, settings);

        Assert.ThrowsAny<Exception>(() => factory.CreateClient()); // Program reports the validation failure and exits
        Assert.True(validation.Failed);
        Assert.Contains(validation.Failures!, f => f.StartsWith("ForwardedHeaders:KnownProxies:1 ", StringComparison.Ordinal));
        Assert.Contains(validation.Failures!, f => f.StartsWith("ForwardedHeaders:KnownNetworks:0 ", StringComparison.Ordinal));
    }

    private async Task<HttpResponseMessage> SendAsync(string from, CancellationToken ct)
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://app.example.test"), AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add(RemoteIpStartupFilter.HeaderName, from);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", Client);
        request.Headers.Add("X-Request-Id", $"fwd-{Guid.NewGuid():N}");
        return await client.SendAsync(request, ct);
    }

    /// <summary>The request log line is written once the response has gone: wait for it (bounded).</summary>
    private async Task<string?> ClientIpLoggedForAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        for (var i = 0; i < 100; i++)
        {
            var entry = _factory.Logs.Events.SingleOrDefault(e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal) && CapturedLogs.Property(e, "RequestId") == requestId);
            if (entry is not null)
            {
                return CapturedLogs.Property(entry, "ClientIp");
            }

            await Task.Delay(50, ct);
        }

        throw new Xunit.Sdk.XunitException($"No request log line for request {requestId}.");
    }
}
