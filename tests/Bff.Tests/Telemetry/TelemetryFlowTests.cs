using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bff.Sessions;
using Bff.Telemetry;
using Bff.Tests.Faults;
using Bff.Tests.Hostile;
using Bff.Tests.Infrastructure;
using Bff.Tests.Proxy;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stytch.Emulator;

namespace Bff.Tests.Telemetry;

/// <summary>
/// The whole flow against the Stytch emulator, a recording upstream and a real Redis, traced and measured through
/// the BFF's own OpenTelemetry set-up with an in-memory exporter: the spans of each part (ASP.NET Core, the Stytch
/// calls and their HttpClient attempts, the YARP hop, Redis), the link between log lines and spans, the metrics, and
/// not one secret or query string in any span or metric.
/// </summary>
[Collection(TelemetryTestGroup.Name)]
public sealed class TelemetryFlowTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string AppId = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000002";
    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private readonly TelemetryCapture _telemetry = new();
    private readonly RedisServer _redis = new();
    private EmulatorHost _emulator = null!;
    private RecordingUpstream _upstream = null!;
    private EmulatorBffFactory _factory = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await _redis.InitializeAsync();
        _emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), b => b.Logging.ClearProviders(), ct: ct);
        _upstream = await RecordingUpstream.StartAsync(ct);
        _factory = new EmulatorBffFactory(_emulator, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        _factory.Settings["Redis:Configuration"] = _redis.Configuration;
        _factory.Settings["Redis:InstanceName"] = $"test-{Guid.NewGuid():N}:";
        HostileContext.UseUpstream(_factory, _upstream);
        _telemetry.AddTo(_factory);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _upstream.DisposeAsync();
        await _emulator.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task TheFlowIsTracedAndMeasuredWithoutASecretOrQueryString()
    {
        var ct = TestContext.Current.CancellationToken;
        Secret("Stytch secret", _emulator.Options.Secret);
        Secret("Stytch Basic credentials", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_emulator.Options.ProjectId}:{_emulator.Options.Secret}")));
        Secret("password", EmulatorBffFactory.DemoPassword);

        // Password login, /me, list, revoke (and one refused before Stytch).
        var jar = new CookieContainer();
        var spa = EmulatorFlows.Spa(_factory, jar);
        await Ok(EmulatorFlows.PasswordLoginAsync(spa, ct));
        await CollectSessionAsync("password", jar, ct);
        await Ok(spa.GetAsync("/me", ct));
        await Ok(spa.GetAsync("/me/connected-apps", ct));
        var revokeRequestId = await RequestIdAsync(spa.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await spa.PostAsync("/me/connected-apps/not..valid/revoke", null, ct)).StatusCode);

        // Magic link: the callback's query holds the single-use token.
        var magicJar = new CookieContainer();
        var magic = EmulatorFlows.Spa(_factory, magicJar);
        var link = await EmulatorFlows.MagicLinkAsync(_factory, magic, ct);
        Secret("magic-link token", link.Token);
        Assert.Equal(HttpStatusCode.Redirect, (await EmulatorFlows.MagicLinkCallbackAsync(magic, link, ct)).StatusCode);
        await CollectSessionAsync("magic link", magicJar, ct);

        // A stale JWT: the session is refreshed with Stytch. Then a proxied call, and logout.
        _factory.AdvanceClocks(TimeSpan.FromMinutes(6));
        await Ok(spa.GetAsync("/me", ct));
        await CollectSessionAsync("password, refreshed", jar, ct);
        await Ok(spa.GetAsync("/api/hello?q=proxied-query-value", ct));
        Secret("JWT as the upstream saw it", _upstream.Requests[^1].Authorization!["Bearer ".Length..]);
        Secret("proxied query value", "proxied-query-value");
        await Ok(magic.PostAsync("/auth/logout", null, ct));

        // ASP.NET Core: one server span per request, with the route, the BFF request id, and no query.
        var callback = await _telemetry.SpanAsync(s => s.Kind == ActivityKind.Server && Tag(s, "http.route") == "/auth/callback", "for /auth/callback");
        Assert.Null(callback.GetTagItem("url.query"));
        var me = await _telemetry.SpanAsync(s => s.Kind == ActivityKind.Server && Tag(s, "http.route") == "/me/", "for /me");
        Assert.Matches("^[0-9a-f]{32}$", Tag(me, BffActivitySource.BffRequestIdTag) ?? "");

        // Every Stytch call: the BFF's span (operation, status, Stytch's request_id) over an HttpClient span per attempt.
        var revoke = await _telemetry.SpanAsync(s => s.Source.Name == BffActivitySource.Name && s.DisplayName.EndsWith("/revoke", StringComparison.Ordinal)
            && s.DisplayName.Contains("connected_apps", StringComparison.Ordinal), "for the revoke call");
        Assert.Equal("POST /v1/users/{user_id}/connected_apps/{connected_app_id}/revoke", Tag(revoke, "stytch.operation"));
        Assert.Equal(revokeRequestId, Tag(revoke, "stytch.request_id"));
        Assert.Equal("200", Tag(revoke, "http.response.status_code"));
        var attempt = await _telemetry.SpanAsync(s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == revoke.SpanId, "of the revoke's HTTP attempt");
        Assert.Equal(revoke.DisplayName, Tag(attempt, "stytch.operation"));
        foreach (var operation in new[] { "POST /v1/passwords/authenticate", "GET /v1/users/{user_id}/connected_apps", "POST /v1/magic_links/email/login_or_create",
                     "POST /v1/magic_links/authenticate", "POST /v1/sessions/authenticate", "POST /v1/sessions/revoke" })
        {
            var span = await _telemetry.SpanAsync(s => s.Source.Name == BffActivitySource.Name && s.DisplayName == operation, $"for {operation}");
            Assert.Matches("^request-id-", Tag(span, "stytch.request_id") ?? "(none)");
        }

        // The YARP hop: YARP's span and its HttpClient span, in the request's trace, which the upstream continues.
        var proxied = await _telemetry.SpanAsync(s => s.Kind == ActivityKind.Server && Tag(s, "http.route")?.StartsWith("/api/", StringComparison.Ordinal) == true, "for /api/hello");
        var forwarder = await _telemetry.SpanAsync(s => s.Source.Name == "Yarp.ReverseProxy" && s.TraceId == proxied.TraceId, "of YARP's forwarder");
        await _telemetry.SpanAsync(s => s.Source.Name == "System.Net.Http" && s.TraceId == proxied.TraceId, "of the forwarded HTTP call");
        Assert.Contains(proxied.TraceId.ToHexString(), _upstream.Requests[^1].TraceParent ?? "", StringComparison.Ordinal);
        Assert.Equal(proxied.SpanId, forwarder.ParentSpanId);

        // Redis: the session store's commands.
        var redis = await _telemetry.SpanAsync(s => s.Source.Name.Contains("StackExchangeRedis", StringComparison.Ordinal), "of a Redis command");
        Assert.Equal("redis", Tag(redis, "db.system") ?? Tag(redis, "db.system.name"));

        // A request's log lines carry its trace and span ids.
        var meLog = await _factory.Logs.WaitForAsync(e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal)
            && CapturedLogs.Property(e, "RequestPath") == "/me" && e.TraceId == me.TraceId, ct);
        Assert.NotNull(meLog.SpanId);

        // Metrics: the BFF's own, ASP.NET Core's, HttpClient's and the runtime's. HttpClient records a call when its
        // response is disposed, which may trail the flow by a moment on a loaded machine: collect again, a bounded number of times.
        var metrics = _telemetry.CollectMetrics(_factory);
        for (var i = 0; i < 20 && TelemetryCapture.Count(metrics, "http.client.request.duration") < 8; i++)
        {
            await Task.Delay(100, ct);
            metrics = _telemetry.CollectMetrics(_factory);
        }

        Assert.Equal(1, TelemetryCapture.Count(metrics, "bff.stytch.call.duration", ("stytch.operation", revoke.DisplayName), ("bff.outcome", "success")));
        Assert.True(TelemetryCapture.Count(metrics, "bff.stytch.call.duration", ("stytch.operation", "POST /v1/sessions/authenticate"), ("bff.outcome", "success")) >= 1);
        Assert.Equal(1, TelemetryCapture.Count(metrics, "bff.connected_app.revocations", ("bff.outcome", "success")));
        Assert.Equal(1, TelemetryCapture.Count(metrics, "bff.connected_app.revocations", ("bff.outcome", "invalid_request")));
        Assert.True(TelemetryCapture.Count(metrics, "bff.session.refreshes", ("bff.outcome", "refreshed")) >= 1);
        Assert.True(TelemetryCapture.Count(metrics, "http.server.request.duration", ("http.route", "/me/")) >= 2);
        Assert.True(TelemetryCapture.Count(metrics, "http.client.request.duration") >= 8);
        Assert.Contains(metrics.Keys, k => k.StartsWith("dotnet.gc.", StringComparison.Ordinal));

        // Nothing secret, and no query string, in any span or metric.
        var texts = _telemetry.Spans.SelectMany(SpanTexts).Concat(metrics.Values.SelectMany(m => m.MetricPoints.SelectMany(p =>
            TelemetryCapture.Tags(p).Select(t => $"{m.Name} {t.Key}={t.Value}")))).ToList();
        var leaks = _secrets.Where(s => texts.Any(t => t.Contains(s.Value, StringComparison.Ordinal))).Select(s => s.Key).ToList();
        var summary = $"Telemetry scan: {_secrets.Count} secrets × {texts.Count} span/metric texts ({_telemetry.Spans.Count} spans, {metrics.Count} metrics): {leaks.Count} found";
        output.WriteLine(summary);
        TestContext.Current.SendDiagnosticMessage(summary);
        Assert.True(leaks.Count == 0, "Secrets in telemetry: " + string.Join(", ", leaks));
        Assert.DoesNotContain(_telemetry.Spans, s => s.GetTagItem("url.query") is not null);
        Assert.DoesNotContain(texts, t => t.Contains("token=", StringComparison.Ordinal) || t.Contains("?q=", StringComparison.Ordinal));
        Assert.True(_telemetry.Spans.Count >= 30, $"Only {_telemetry.Spans.Count} spans: the scan did not see the flow.");
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key) is { } value ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Everything an exporter could send about a span: names, status, every tag, event and link.</summary>
    private static IEnumerable<string> SpanTexts(Activity span)
    {
        yield return $"{span.Source.Name} {span.OperationName} {span.DisplayName} {span.StatusDescription}";
        foreach (var (key, value) in span.TagObjects)
        {
            yield return $"{key}={value}";
        }

        foreach (var e in span.Events)
        {
            yield return e.Name + " " + string.Join(" ", e.Tags.Select(t => $"{t.Key}={t.Value}"));
        }

        foreach (var link in span.Links)
        {
            yield return string.Join(" ", link.Tags?.Select(t => $"{t.Key}={t.Value}") ?? []);
        }

        foreach (var (key, value) in span.Baggage)
        {
            yield return $"{key}={value}";
        }
    }

    private void Secret(string name, string value)
    {
        Assert.True(value.Length >= 8, $"The {name} is too short to scan for.");
        _secrets.TryAdd($"{name} ({_secrets.Count})", value);
    }

    private async Task CollectSessionAsync(string login, CookieContainer jar, CancellationToken ct)
    {
        var cookie = _factory.SessionCookieValue(jar) ?? throw new InvalidOperationException($"No session cookie after the {login} login.");
        Secret($"{login} session cookie", cookie);
        var key = _factory.SessionKeyOf(cookie) ?? throw new InvalidOperationException("The cookie names no session.");
        Secret($"{login} session key", key);
        var session = SessionTicket.Read(await _factory.Services.GetRequiredService<ITicketStore>().RetrieveAsync(key, ct))
            ?? throw new InvalidOperationException("No stored session.");
        Secret($"{login} Stytch session token", session.SessionToken);
        Secret($"{login} Stytch session JWT", session.SessionJwt);
    }

    private static async Task<HttpResponseMessage> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private static async Task<string> RequestIdAsync(Task<HttpResponseMessage> call)
    {
        using var response = await Ok(call);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("request_id").GetString()!;
    }
}
