using System.Net;
using System.Net.Http.Json;
using Bff.Tests.Hostile;
using Bff.Tests.Infrastructure;
using Bff.Tests.Proxy;
using Microsoft.Extensions.Configuration;

namespace Bff.Tests.Hosting;

/// <summary>
/// The penetration test's report, replayed against the <b>shipped</b> configuration (the repository's appsettings.json:
/// no known proxies, the shipped rate limits) with a client on a non-loopback address that sends
/// <c>X-Forwarded-For</c>/<c>-Proto</c> of its own choosing. None of them may change anything: not the rate-limit
/// partition, not the logged client address, not the scheme (HSTS), not what the upstream API is told.
/// </summary>
public sealed class ShippedForwardedHeadersTests : IAsyncLifetime
{
    private const string Client = "198.51.100.20"; // the caller's real address (TEST-NET-2, not loopback)
    private readonly BffFactory _factory = new() { RemoteIpFromTestHeader = true };
    private RecordingUpstream _upstream = null!;

    public ShippedForwardedHeadersTests()
    {
        // The shipped rate limits, not the test default (which is set high so that other tests can log in often).
        _factory.Settings.Remove("RateLimiting:PermitLimit");
        _factory.Settings.Remove("RateLimiting:LoginPermitLimitPerAddress");
        _factory.Settings.Remove("RateLimiting:LoginPermitLimitPerEmail");
    }

    public async ValueTask InitializeAsync()
    {
        _upstream = await RecordingUpstream.StartAsync(TestContext.Current.CancellationToken);
        HostileContext.UseUpstream(_factory, _upstream); // the shipped /api/** route, pointed at a recording upstream
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public void TheShippedConfigurationTrustsNoProxy()
    {
        var shipped = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .Build();

        Assert.Empty(shipped.GetSection("ForwardedHeaders:KnownProxies").GetChildren());
        Assert.Empty(shipped.GetSection("ForwardedHeaders:KnownNetworks").GetChildren());
    }

    [Fact]
    public async Task ASpoofedForwardedForPerLoginAttemptDoesNotEarnAFreshRateLimitWindow()
    {
        var ct = TestContext.Current.CancellationToken;
        _factory.Stytch.On("POST", "/v1/passwords/authenticate", _ => FakeReply.Error(401, "unauthorized_credentials", "Unauthorized credentials."));
        using var client = CreateClient("https://app.example.test");
        const int attempts = 15;

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= attempts; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/password")
            {
                // Another email each time, so only the per-address limit can stop them.
                Content = JsonContent.Create(new { email = $"victim-{i}@example.com", password = $"guess-{i}" }),
            };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            using var response = await client.SendAsync(request, ct);
            statuses.Add(response.StatusCode);
        }

        var stytchCalls = _factory.Stytch.Count("POST", "/v1/passwords/authenticate");
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(stytchCalls <= 10, $"{stytchCalls} of {attempts} spoofed attempts reached Stytch; the shipped per-address login limit is 10 per window.");
    }

    [Fact]
    public async Task ASpoofedForwardedProtoAndForDoNotChangeTheSchemeHstsOrTheLoggedClientAddress()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = CreateClient("http://app.example.test");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("X-Forwarded-For", "203.0.113.66");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Request-Id", $"spoof-{Guid.NewGuid():N}");

        using var response = await client.SendAsync(request, ct);

        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "a forged X-Forwarded-Proto made a plain-http request count as https (HSTS sent)");
        var id = response.Headers.GetValues("X-Request-Id").Single();
        var logged = await _factory.Logs.WaitForAsync(e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal) && CapturedLogs.Property(e, "RequestId") == id, ct);
        Assert.Equal(Client, CapturedLogs.Property(logged, "ClientIp"));
    }

    [Fact]
    public async Task TheUpstreamIsToldTheCallersRealAddressAndSchemeNotTheSpoofedOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = new TestUser("ada@example.com", "correct-horse");
        _factory.Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(StytchShapes.Login(user, _factory.Clock.GetUtcNow())));
        using var client = CreateClient("http://app.example.test", cookies: true);
        using (var login = await client.PostAsJsonAsync("/auth/password", new { email = user.Email, password = user.Password }, ct))
        {
            login.EnsureSuccessStatusCode();
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/hello?mark=spoofed-forwarding");
        request.Headers.Add("X-Forwarded-For", "203.0.113.77");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_upstream.RequestsFor("spoofed-forwarding"));
        Assert.Equal(Client, received.Headers.GetValueOrDefault("X-Forwarded-For"));
        Assert.Equal("http", received.Headers.GetValueOrDefault("X-Forwarded-Proto"));
    }

    /// <summary>
    /// A client whose every request comes from <see cref="Client"/>, with <c>X-CSRF: 1</c>. The session cookie is
    /// <c>Secure</c>: over plain http the test sends it by hand when <paramref name="cookies"/> is set.
    /// </summary>
    private HttpClient CreateClient(string baseAddress, bool cookies = false)
    {
        var handlers = cookies ? new DelegatingHandler[] { new InsecureCookieJar() } : [];
        var client = _factory.CreateDefaultClient(new Uri(baseAddress), handlers);
        client.DefaultRequestHeaders.Add(RemoteIpStartupFilter.HeaderName, Client);
        client.DefaultRequestHeaders.Add("X-CSRF", "1");
        return client;
    }

    /// <summary>Keeps the last value of each cookie set and sends them back, whatever the scheme (the test server is http).</summary>
    private sealed class InsecureCookieJar : DelegatingHandler
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await base.SendAsync(request, cancellationToken);
            foreach (var setCookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = setCookie.Split(';')[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                _cookies[pair[..equals]] = pair[(equals + 1)..];
            }

            return response;
        }
    }
}
