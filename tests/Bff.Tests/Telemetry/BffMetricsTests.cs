using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Bff.Stytch;
using Bff.Telemetry;
using Bff.Tests.Infrastructure;
using Bff.Tests.Me;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bff.Tests.Telemetry;

/// <summary>The BFF's own meter, outcome by outcome, read through the in-memory exporter (Stytch faked).</summary>
[Collection(TelemetryTestGroup.Name)]
public sealed class BffMetricsTests : IAsyncLifetime
{
    private const string AppId = "connected-app-test-1";
    private readonly BffFactory _factory = new();
    private readonly TelemetryCapture _telemetry = new();
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    public ValueTask InitializeAsync()
    {
        _telemetry.AddTo(_factory);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task AFailedRevocationIsCountedByItsOutcomeAndMarksTheStytchSpanAsAnError()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await _factory.LoginAsync(_user, ct);
        _factory.Stytch.On("POST", $"/v1/users/{_user.UserId}/connected_apps/{AppId}/revoke",
            FakeReply.Error(404, "connected_app_not_found", "No such Connected App."));

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct)).StatusCode);

        var span = await _telemetry.SpanAsync(s => s.Source.Name == BffActivitySource.Name && s.DisplayName.EndsWith("/revoke", StringComparison.Ordinal), "for the revoke");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("not_found", span.GetTagItem("error.type"));
        Assert.Equal(404, span.GetTagItem("http.response.status_code"));
        var metrics = _telemetry.CollectMetrics(_factory);
        Assert.Equal(1, TelemetryCapture.Count(metrics, "bff.connected_app.revocations", ("bff.outcome", "not_found")));
        Assert.Equal(0, TelemetryCapture.Count(metrics, "bff.connected_app.revocations", ("bff.outcome", "success")));
        Assert.Equal(1, TelemetryCapture.Count(metrics, "bff.stytch.call.duration", ("stytch.operation", span.DisplayName), ("bff.outcome", "not_found")));
        Assert.Equal(1, TelemetryCapture.Count(metrics, "bff.stytch.call.duration", ("stytch.operation", "POST /v1/passwords/authenticate"), ("bff.outcome", "success")));
    }

    [Fact]
    public async Task ASessionThatStytchNoLongerKnowsIsCountedAsAnEndedRefresh()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await _factory.LoginAsync(_user, ct);
        _factory.Stytch.On("POST", "/v1/sessions/authenticate", FakeReply.Error(404, "session_not_found", "Session could not be found."));
        _factory.Clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/me", ct)).StatusCode);

        var metrics = _telemetry.CollectMetrics(_factory);
        Assert.Equal(1, TelemetryCapture.Count(metrics, "bff.session.refreshes", ("bff.outcome", "ended")));
        Assert.Equal(0, TelemetryCapture.Count(metrics, "bff.session.refreshes", ("bff.outcome", "refreshed")));
    }

    [Fact]
    public async Task ARefusalByTheRateLimitIsCountedByScope()
    {
        var ct = TestContext.Current.CancellationToken;
        _factory.Settings["RateLimiting:LoginPermitLimitPerAddress"] = "1";
        _factory.Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Error(401, "unauthorized_credentials", "Wrong password."));
        using var client = _factory.CreateSpaClient();

        using var first = await client.PostAsJsonAsync("/auth/password", new { email = _user.Email, password = "wrong-password" }, ct);
        using var second = await client.PostAsJsonAsync("/auth/password", new { email = _user.Email, password = "wrong-password" }, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        var metrics = _telemetry.CollectMetrics(_factory);
        Assert.Equal(1, TelemetryCapture.Count(metrics, "bff.rate_limit.refusals", ("bff.rate_limit.scope", "client_address")));
        Assert.Equal(1, TelemetryCapture.Count(metrics, "bff.stytch.call.duration", ("bff.outcome", "unauthorized")));
    }

    [Fact]
    public async Task ARequestThatTheSessionStoreFailsIsCountedWithTheStoresErrorType()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new FailingCache();
        _factory.TestServices.Add(services => services.AddSingleton<IDistributedCache>(store));
        var client = await _factory.LoginAsync(_user, ct);
        store.Failing = true;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/me", ct)).StatusCode);

        var metrics = _telemetry.CollectMetrics(_factory);
        Assert.Equal(1, TelemetryCapture.Count(metrics, "bff.session_store.failures", ("error.type", typeof(IOException).FullName!)));
    }

    [Fact]
    public async Task ConsentAnswersAreCountedByOutcome()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await _factory.LoginAsync(_user, ct);
        var answers = new Queue<FakeReply>(
        [
            FakeReply.Json(StytchShapes.Authorize(Me.OAuthAuthorize.RedirectUri, Me.OAuthAuthorize.Code)),
            FakeReply.Json(StytchShapes.Authorize(Me.OAuthAuthorize.RedirectUri, code: null)),
            FakeReply.Error(404, "connected_app_not_found", "No such Connected App."),
        ]);
        _factory.Stytch.On("POST", Me.OAuthAuthorize.StytchAuthorize, _ => answers.Dequeue());

        foreach (var (granted, status) in new[] { (true, HttpStatusCode.OK), (false, HttpStatusCode.OK), (true, HttpStatusCode.NotFound) })
        {
            using var response = await client.PostJsonAsync(Me.OAuthAuthorize.AuthorizePath, Me.OAuthAuthorize.AuthorizeBody(granted), ct);
            Assert.Equal(status, response.StatusCode);
        }

        var exported = _telemetry.CollectMetrics(_factory);
        Assert.Equal(1, TelemetryCapture.Count(exported, "bff.connected_app.authorizations", ("bff.outcome", "granted")));
        Assert.Equal(1, TelemetryCapture.Count(exported, "bff.connected_app.authorizations", ("bff.outcome", "denied")));
        Assert.Equal(1, TelemetryCapture.Count(exported, "bff.connected_app.authorizations", ("bff.outcome", "not_found")));
    }

    [Theory]
    [InlineData(StytchFailureKind.Timeout, null, "timeout")]
    [InlineData(StytchFailureKind.ConnectionFailed, null, "unreachable")]
    [InlineData(StytchFailureKind.CircuitOpen, null, "circuit_open")]
    [InlineData(StytchFailureKind.InvalidResponse, 502, "invalid_response")]
    [InlineData(StytchFailureKind.ApiError, 400, "bad_request")]
    [InlineData(StytchFailureKind.ApiError, 401, "unauthorized")]
    [InlineData(StytchFailureKind.ApiError, 404, "not_found")]
    [InlineData(StytchFailureKind.ApiError, 429, "rate_limited")]
    [InlineData(StytchFailureKind.ApiError, 503, "stytch_error")]
    [InlineData(StytchFailureKind.ApiError, 409, "rejected")]
    public void EveryStytchFailureIsOneOfAFewFixedOutcomes(StytchFailureKind kind, int? status, string outcome) =>
        Assert.Equal(outcome, BffMetrics.Outcomes.Of(new StytchFailure(kind, status, ErrorType: "free text from " + Guid.NewGuid())));

    /// <summary>An in-memory store that can be made to fail every operation (an outage).</summary>
    private sealed class FailingCache() : MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())), IDistributedCache
    {
        public bool Failing { get; set; }

        byte[]? IDistributedCache.Get(string key) => Failing ? throw new IOException("store down") : Get(key);

        Task<byte[]?> IDistributedCache.GetAsync(string key, CancellationToken token) => Failing ? throw new IOException("store down") : GetAsync(key, token);

        void IDistributedCache.Set(string key, byte[] value, DistributedCacheEntryOptions options)
        {
            if (Failing)
            {
                throw new IOException("store down");
            }

            Set(key, value, options);
        }

        Task IDistributedCache.SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token) =>
            Failing ? throw new IOException("store down") : SetAsync(key, value, options, token);
    }
}
