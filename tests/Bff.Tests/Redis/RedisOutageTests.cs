using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bff.Redis;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Redis;

/// <summary>
/// Redis going away fails closed (503, never a logout, never access without a session check once the instance has seen
/// Redis go, at the latest after its session channel lease) and the BFF recovers by itself when Redis returns. Each
/// test stops and restarts the class's own redis-server.
/// </summary>
public sealed class RedisOutageTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);
    private readonly BffFactory _bff = RedisInstances.Create(redis, RedisInstances.NewPrefix());

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _bff.DisposeAsync();
        if (!redis.IsRunning)
        {
            await redis.StartAsync();
        }
    }

    [Fact]
    public async Task WhileRedisIsDownAuthenticatedRequestsAnswer503AndTheSessionWorksAgainWhenRedisReturns()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = new TestUser("ada@example.com", "correct-horse");
        var cookie = await RedisInstances.LoginAsync(_bff, user, ct);
        using var client = RedisInstances.Client(_bff, cookie);
        using (var before = await client.GetAsync("/me", ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await redis.StopAsync(keepData: true);

        // The instance may have a local copy of the session (trusted while its session channel is live): it stops using it
        // when it sees the connection drop, and at the latest when its channel lease runs out.
        using var during = await FirstAnswerOtherThan200Async(() => client.GetAsync("/me", ct), RedisSessionPeers.Lease + TimeSpan.FromMilliseconds(250));
        using var logoutDuring = await client.PostAsync("/auth/logout", null, ct);
        using var readyDuring = await client.GetAsync("/readyz", ct);
        using var liveDuring = await client.GetAsync("/healthz", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal("application/problem+json", during.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await during.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal(503, problem.GetProperty("status_code").GetInt32());
        Assert.Equal("session_store_unavailable", problem.GetProperty("error_type").GetString());
        Assert.True(during.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 503 tells the SPA when to retry");
        Assert.False(during.Headers.Contains("Set-Cookie"), "an outage must never clear the session cookie");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, logoutDuring.StatusCode); // no access without a session check
        Assert.DoesNotContain(_bff.Stytch.Requests, r => r.Path == "/v1/sessions/revoke");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyDuring.StatusCode);
        Assert.Equal(HttpStatusCode.OK, liveDuring.StatusCode);

        await redis.StartAsync();
        var after = await EventuallyAsync(() => client.GetAsync("/me", ct), ct);
        using var readyAfter = await client.GetAsync("/readyz", ct);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(user.SessionId, JsonDocument.Parse(await after.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("session_id").GetString());
        Assert.Equal(HttpStatusCode.OK, readyAfter.StatusCode);
        Assert.NotEmpty(_bff.Logs.WithEventName("SessionStoreUnavailable"));
        after.Dispose();
    }

    [Fact]
    public async Task TheBffStartsWhileRedisIsDownIsNotReadyAndServesLoginsOnceRedisIsUp()
    {
        var ct = TestContext.Current.CancellationToken;
        await redis.StopAsync(keepData: false);
        using var probe = RedisInstances.Client(_bff, cookie: null);

        using var live = await probe.GetAsync("/healthz", ct);
        using var ready = await probe.GetAsync("/readyz", ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", JsonDocument.Parse(await ready.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("checks").GetProperty("redis").GetString());
        Assert.NotEmpty(_bff.Logs.WithEventName("SessionStoreRedisUnreachable"));

        await redis.StartAsync();
        var readyAfter = await EventuallyAsync(() => probe.GetAsync("/readyz", ct), ct);
        readyAfter.Dispose();
        var cookie = await RedisInstances.LoginAsync(_bff, new TestUser("grace@example.com", "correct-horse"), ct);
        using var me = await RedisInstances.Client(_bff, cookie).GetAsync("/me", ct);

        Assert.Equal(HttpStatusCode.OK, readyAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    /// <summary>Repeats the request while it answers 200, for at most <paramref name="limit"/>; returns the last answer.</summary>
    private static async Task<HttpResponseMessage> FirstAnswerOtherThan200Async(Func<Task<HttpResponseMessage>> send, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.OK || clock.Elapsed > limit)
            {
                return response;
            }

            response.Dispose();
        }
    }

    /// <summary>Repeats the request until it answers 200, for at most <see cref="RecoveryLimit"/>; returns the last answer.</summary>
    private static async Task<HttpResponseMessage> EventuallyAsync(Func<Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await send();
            if (response.StatusCode == HttpStatusCode.OK || clock.Elapsed > RecoveryLimit)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }
}
