using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bff.Telemetry;
using Bff.Tests.Faults;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Stytch.Emulator;

namespace Bff.Tests.Telemetry;

/// <summary>
/// OTLP export end to end: the built BFF runs as a real process (Development first run, on its in-process emulator)
/// with only the standard <c>OTEL_*</c> environment variables set, and a local OTLP/HTTP receiver gets its traces and
/// metrics. Without <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> no provider exists at all.
/// </summary>
[Collection(TelemetryTestGroup.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task ARunningBffSendsTracesAndMetricsToTheOtlpEndpointUnderItsServiceName()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiver.StartAsync(ct);
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), ct: ct);
        var port = FreePort();
        using var bff = StartBff(port, emulator, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.BaseAddress.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "bff-otlp-test",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilReadyAsync(http, bff, ct);

            using var loggedIn = await LoginAsync(http, ct);
            var cookie = loggedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-bff-session=", StringComparison.Ordinal)).Split(';')[0];
            using var me = new HttpRequestMessage(HttpMethod.Get, "/me");
            me.Headers.Add("X-CSRF", "1");
            me.Headers.Add("Cookie", cookie);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(me, ct)).StatusCode);

            await receiver.WaitForAsync(r => r.Traces.SelectMany(OtlpReceiver.Spans).Any(s => s.Name == "GET /me/"), "the /me span", ct);
            await receiver.WaitForAsync(r => r.Metrics.SelectMany(OtlpReceiver.MetricNames).Contains("bff.stytch.call.duration"), "the BFF's metrics", ct);

            var spans = receiver.Traces.SelectMany(OtlpReceiver.Spans).ToList();
            var stytch = spans.First(s => s.Name == "POST /v1/passwords/authenticate" && s.Attributes.ContainsKey(BffActivitySource.StytchRequestIdTag));
            Assert.StartsWith("request-id-", stytch.Attributes[BffActivitySource.StytchRequestIdTag], StringComparison.Ordinal);
            Assert.Contains(spans, s => s.Name == "POST /auth/password");
            Assert.All(receiver.Traces.Concat(receiver.Metrics).SelectMany(OtlpReceiver.Resources),
                resource => Assert.Equal("bff-otlp-test", resource["service.name"]));
            var metrics = receiver.Metrics.SelectMany(OtlpReceiver.MetricNames).ToHashSet();
            Assert.Contains("http.server.request.duration", metrics);
            Assert.Contains("http.client.request.duration", metrics);
            Assert.Contains(metrics, m => m.StartsWith("dotnet.", StringComparison.Ordinal));

            // The wire format carries strings verbatim: a secret in any attribute would be in these bytes.
            foreach (var (name, secret) in new[] { ("password", EmulatorBffFactory.DemoPassword), ("Stytch secret", new EmulatorOptions().Secret), ("session cookie", cookie.Split('=', 2)[1]) })
            {
                Assert.False(receiver.Posts.Any(p => Encoding.UTF8.GetString(p.Body).Contains(secret, StringComparison.Ordinal)), $"The {name} was exported.");
            }
        }
        finally
        {
            bff.Kill(entireProcessTree: true);
            await bff.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task WithoutAnOtlpEndpointNoTracerOrMeterProviderExistsAndNothingListensToTheBffsSpans()
    {
        await using var factory = new BffFactory();
        var user = new TestUser("ada@example.com", "correct-horse");
        var client = await factory.LoginAsync(user, TestContext.Current.CancellationToken);
        await client.GetAsync("/me", TestContext.Current.CancellationToken);

        Assert.Null(factory.Services.GetService<TracerProvider>());
        Assert.Null(factory.Services.GetService<MeterProvider>());
        Assert.False(BffActivitySource.Instance.HasListeners(), "Something listens to the BFF's spans although no endpoint is configured.");
        Assert.NotNull(factory.Services.GetService<BffMetrics>()); // the instruments exist; nobody collects them
    }

    /// <summary>Logs the demo user in; set-up, not the call under test, so a cold start's timeout is retried (3 tries).</summary>
    private static async Task<HttpResponseMessage> LoginAsync(HttpClient http, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var login = new HttpRequestMessage(HttpMethod.Post, "/auth/password")
            {
                Content = new StringContent($$"""{"email":"{{EmulatorBffFactory.DemoEmail}}","password":"{{EmulatorBffFactory.DemoPassword}}"}""", Encoding.UTF8, "application/json"),
            };
            login.Headers.Add("X-CSRF", "1");
            var response = await http.SendAsync(login, ct);
            if (response.StatusCode == HttpStatusCode.OK || attempt == 3)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return response;
            }

            response.Dispose();
        }
    }

    private static Process StartBff(int port, EmulatorHost stytch, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bff.dll"));
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Stytch__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Redis__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Stytch__ProjectId"] = stytch.Options.ProjectId;
        start.Environment["Stytch__Secret"] = stytch.Options.Secret;
        start.Environment["Stytch__PublicToken"] = stytch.Options.PublicToken;
        start.Environment["Stytch__BaseUrl"] = stytch.BaseUrl.AbsoluteUri;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Bff__PublicOrigin"] = $"http://127.0.0.1:{port}";
        start.Environment["Stytch__AttemptTimeout"] = "00:00:15"; // a cold process on a loaded machine
        start.Environment["Stytch__TotalTimeout"] = "00:00:20";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilReadyAsync(HttpClient http, Process bff, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            Assert.False(bff.HasExited, $"The BFF exited with {(bff.HasExited ? bff.ExitCode : 0)}.");
            try
            {
                using var ready = await http.GetAsync("/readyz", ct);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Assert.True(DateTime.UtcNow < deadline, "The BFF was not ready within 60 s.");
            await Task.Delay(200, ct);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
