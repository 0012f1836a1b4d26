using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bff.Tests.Proxy;

/// <summary>
/// The BFF on real Kestrel (as in production: Kestrel's own path decoding and dot-segment removal apply), requests
/// written byte for byte on a socket so no client library normalises them first. Whatever the catch-all receives, the
/// upstream must only ever see paths under the configured destination prefix <c>/upstream/</c> + the route's <c>/api/</c>.
/// </summary>
public sealed class ProxyPathTraversalTests : IAsyncLifetime
{
    private RecordingUpstream _upstream = null!;
    private ProxyBffFactory _factory = null!;
    private Uri _bff = null!;

    public static TheoryData<string> Targets =>
    [
        "/api/../admin",
        "/api/./../admin",
        "/api/%2e%2e/admin",
        "/api/%2E%2E/%2E%2E/admin",
        "/api/.%2e/admin",
        "/api/..%2Fadmin",
        "/api/..%2f..%2f..%2fadmin",
        "/api/%2e%2e%2f%2e%2e%2fadmin",
        "/api/%252e%252e%252fadmin",
        "/api/%2F%2Fevil.example/x",
        "/api//evil.example/x",
        "/api/..\\admin",
        "/api/\\\\evil.example/x",
        "/api/..%5Cadmin",
        "/api/%5C%5Cevil.example/x",
        "/api/x/../../admin",
        "/api/x/%2e%2e/%2e%2e/admin",
        "/api/%00/admin",
        "/api/x?next=/../../admin",
    ];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _upstream = await RecordingUpstream.StartAsync(ct);
        _factory = new ProxyBffFactory(_upstream);
        _factory.Settings["ReverseProxy:Routes:sample-api:Metadata:Bff.TokenRequirement"] = "None"; // no session needed here
        _factory.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0)); // not UseKestrel(0): its port set-up can race the host start ("Addresses cannot be modified")
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        _bff = new Uri(addresses.Addresses.First());
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task TheCatchAllCannotEscapeTheUpstreamPrefix(string target)
    {
        var ct = TestContext.Current.CancellationToken;

        var status = await SendRawAsync(target, ct);

        Assert.True(status is 200 or 400 or 404, $"{target} answered {status}");
        Assert.All(_upstream.Requests, r =>
        {
            Assert.StartsWith("/upstream/api/", r.RawTarget, StringComparison.Ordinal);
            Assert.StartsWith("/upstream/api/", r.Path, StringComparison.Ordinal);
            Assert.DoesNotContain('\\', r.Path);
            Assert.DoesNotContain("%2f", r.RawTarget, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("%5c", r.RawTarget, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("..", r.Path.Split('/'));
        });
    }

    [Theory]
    [InlineData("/api/..%2Fadmin")]
    [InlineData("/api/..%2f..%2f..%2fadmin")]
    [InlineData("/api/%2F%2Fevil.example/x")]
    [InlineData("/api/..\\..\\admin")]
    [InlineData("/api/..%5Cadmin")]
    [InlineData("/api/%252e%252e%252fadmin")]
    public async Task PathsAnUpstreamCouldReadAsAnotherPathAre400AndNotForwarded(string target)
    {
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(400, await SendRawAsync(target, ct));

        Assert.Empty(_upstream.Requests);
    }

    [Theory]
    [InlineData("/api/../admin")]
    [InlineData("/api/%2e%2e/admin")]
    [InlineData("/api/x/%2e%2e/%2e%2e/admin")]
    public async Task DotSegmentsAreResolvedBeforeRoutingSoTheyNeverReachTheUpstream(string target)
    {
        var ct = TestContext.Current.CancellationToken;

        // Kestrel resolves them to /admin: no proxy route (the SPA's index.html answers, a client-side route).
        Assert.Equal(200, await SendRawAsync(target, ct));

        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task OrdinaryPathsAreForwardedUnderThePrefixOnKestrel()
    {
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(200, await SendRawAsync("/api/orders/7/../8?mark=plain", ct));

        Assert.Equal("/upstream/api/orders/8?mark=plain", Assert.Single(_upstream.Requests).RawTarget);
    }

    /// <summary>Writes one HTTP/1.1 request exactly as given and returns the status code of the answer.</summary>
    private async Task<int> SendRawAsync(string target, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_bff.Host, _bff.Port, timeout.Token);
        await using var stream = tcp.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: {_bff.Authority}\r\nX-CSRF: 1\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var statusLine = await reader.ReadLineAsync(timeout.Token) ?? "";
        await reader.ReadToEndAsync(timeout.Token);
        var parts = statusLine.Split(' ');
        return parts.Length > 1 && int.TryParse(parts[1], out var status) ? status : throw new InvalidOperationException($"No HTTP answer to {target}: '{statusLine}'");
    }
}
