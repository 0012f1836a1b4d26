using System.Net;
using System.Text.Json;
using Bff.Sessions;
using Bff.Stytch;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Bff.Tests.Redis;

/// <summary>Two BFF instances on one real Redis, no sticky sessions: any instance serves and ends any session.</summary>
public sealed class SharedSessionTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string AppId = "connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888";
    private readonly string _prefix = RedisInstances.NewPrefix();
    private readonly List<BffFactory> _instances = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    [Fact]
    public async Task ASessionStartedOnOneInstanceIsServedByAnotherAndLogoutOnEitherEndsItOnBoth()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (Instance(), Instance());
        var user = new TestUser("ada@example.com", "correct-horse");
        var cookie = await RedisInstances.LoginAsync(a, user, ct);
        using var onA = RedisInstances.Client(a, cookie);
        using var onB = RedisInstances.Client(b, cookie);
        var revokePath = $"/v1/users/{user.UserId}/connected_apps/{AppId}/revoke";
        b.Stytch.On("POST", revokePath, FakeReply.Ack());
        b.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());

        using var me = await onB.GetAsync("/me", ct);
        using var revoke = await onB.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);
        using var logout = await onB.PostAsync("/auth/logout", null, ct);
        using var afterLogout = await onA.GetAsync("/me", ct);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(user.UserId, (await ReadJson(me, ct)).GetProperty("user_id").GetString());
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(1, b.Stytch.Count("POST", revokePath));
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
        Assert.Empty(a.Stytch.Unexpected);
        Assert.Empty(b.Stytch.Unexpected);
    }

    [Fact]
    public async Task SessionsSurviveARestartOfTheInstance()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = new TestUser("grace@example.com", "correct-horse");
        var first = Instance();
        var cookie = await RedisInstances.LoginAsync(first, user, ct);
        _instances.Remove(first);
        await first.DisposeAsync();

        var restarted = Instance();
        using var client = RedisInstances.Client(restarted, cookie);
        using var me = await client.GetAsync("/me", ct);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(user.SessionId, (await ReadJson(me, ct)).GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task LogoutEverywhereEndsEverySessionOfTheUserOnBothInstancesAndAtStytch()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (Instance(), Instance());
        var user = new TestUser("ada@example.com", "correct-horse");
        var laptop = user;
        var phone = user with { SessionId = $"session-test-{Guid.NewGuid()}", SessionToken = $"tok{Guid.NewGuid():N}{Guid.NewGuid():N}"[..44] };
        var tablet = user with { SessionId = $"session-test-{Guid.NewGuid()}", SessionToken = $"tok{Guid.NewGuid():N}{Guid.NewGuid():N}"[..44] };
        var other = new TestUser("bob@example.com", "hunter2-hunter2");
        var laptopCookie = await RedisInstances.LoginAsync(a, laptop, ct);
        var phoneCookie = await RedisInstances.LoginAsync(a, phone, ct);
        var tabletCookie = await RedisInstances.LoginAsync(b, tablet, ct);
        var otherCookie = await RedisInstances.LoginAsync(b, other, ct);
        var revokeBody = StytchShapes.Ack();
        b.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Json(revokeBody));

        using var logoutAll = await RedisInstances.Client(b, phoneCookie).PostAsync("/auth/logout-all", null, ct);

        Assert.Equal(HttpStatusCode.OK, logoutAll.StatusCode);
        var answer = await ReadJson(logoutAll, ct);
        Assert.Equal(200, answer.GetProperty("status_code").GetInt32());
        Assert.Equal(StytchShapes.RequestIdOf(revokeBody), answer.GetProperty("request_id").GetString());
        var revoked = b.Stytch.Requests.Where(r => r.Path == "/v1/sessions/revoke").Select(r => JsonDocument.Parse(r.Body!).RootElement.GetProperty("session_id").GetString()).ToList();
        Assert.Equal(new[] { laptop.SessionId, phone.SessionId, tablet.SessionId }.Order(), revoked.Order());
        foreach (var instance in new[] { a, b })
        {
            foreach (var cookie in new[] { laptopCookie, phoneCookie, tabletCookie })
            {
                using var me = await RedisInstances.Client(instance, cookie).GetAsync("/me", ct);
                Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
            }

            using var otherMe = await RedisInstances.Client(instance, otherCookie).GetAsync("/me", ct);
            Assert.Equal(HttpStatusCode.OK, otherMe.StatusCode);
        }

        Assert.Single(a.Logs.WithEventName("UserSessionsRevoked").Concat(b.Logs.WithEventName("UserSessionsRevoked")));
    }

    [Fact]
    public async Task ARequestInFlightOnOneInstanceDoesNotBringBackASessionEndedOnAnother()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (Instance(), Instance());
        var user = new TestUser("ada@example.com", "correct-horse");
        var cookie = await RedisInstances.LoginAsync(a, user, ct);
        var stytchCalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Stytch.OnAsync("POST", "/v1/sessions/authenticate", async _ =>
        {
            stytchCalled.TrySetResult();
            await release.Task;
            return FakeReply.Json(StytchShapes.SessionAuthenticate(user, a.Clock.GetUtcNow()));
        });
        b.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());

        // On A: 31 minutes later the JWT is stale (Stytch check, then a renewal) and past half the idle timeout (the
        // cookie handler's sliding renewal). Both renewals happen after B has ended the session.
        a.Clock.Advance(TimeSpan.FromMinutes(31));
        var inFlight = RedisInstances.Client(a, cookie).GetAsync("/me", ct);
        await stytchCalled.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        using (var logoutAll = await RedisInstances.Client(b, cookie).PostAsync("/auth/logout-all", null, ct))
        {
            Assert.Equal(HttpStatusCode.OK, logoutAll.StatusCode);
        }

        release.SetResult();
        using var finished = await inFlight.WaitAsync(TimeSpan.FromSeconds(10), ct);
        using var afterOnA = await RedisInstances.Client(a, cookie).GetAsync("/me", ct);
        using var afterOnB = await RedisInstances.Client(b, cookie).GetAsync("/me", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, afterOnA.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterOnB.StatusCode);
    }

    [Fact]
    public async Task OperatorsCanEndAllSessionsOfAUserThroughTheRevocationService()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (Instance(), Instance());
        var user = new TestUser("ada@example.com", "correct-horse");
        var cookie = await RedisInstances.LoginAsync(a, user, ct);
        b.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Error(404, "session_not_found", "Session could not be found."));

        SessionRevocationResult result;
        using (var scope = b.Services.CreateScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<ISessionRevocation>().RevokeUserSessionsAsync(new StytchUserId(user.UserId), ct);
        }

        using var me = await RedisInstances.Client(a, cookie).GetAsync("/me", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        var session = Assert.Single(result.Sessions);
        Assert.Equal(user.SessionId, session.SessionId);
        Assert.True(session.RevokedAtStytch); // Stytch no longer knowing it counts as revoked
        Assert.Equal(0, result.StytchFailures);
    }

    [Fact]
    public async Task TheUserIndexListsLiveSessionsAndForgetsThemAtLogoutWithATtlCoveringTheLongest()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = Instance();
        var user = new TestUser("ada@example.com", "correct-horse");
        var cookie = await RedisInstances.LoginAsync(a, user, ct);
        using var redisClient = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = redisClient.GetDatabase();
        var indexKey = $"{_prefix}bff:user-sessions:{user.UserId}";

        var members = await db.SortedSetRangeByRankWithScoresAsync(indexKey);
        var ttl = await db.KeyTimeToLiveAsync(indexKey);
        a.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());
        using var logout = await RedisInstances.Client(a, cookie).PostAsync("/auth/logout", null, ct);

        var member = Assert.Single(members);
        Assert.EndsWith(" " + user.SessionId, member.Element.ToString(), StringComparison.Ordinal);
        var expires = DateTimeOffset.FromUnixTimeSeconds((long)member.Score);
        Assert.InRange(expires - a.Clock.GetUtcNow(), TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(61)); // Session:IdleTimeout
        Assert.NotNull(ttl);
        Assert.True(ttl >= expires - a.Clock.GetUtcNow(), $"index TTL {ttl} is shorter than the session's remaining life");
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(0, await db.SortedSetLengthAsync(indexKey));
    }

    private BffFactory Instance()
    {
        var instance = RedisInstances.Create(redis, _prefix);
        _instances.Add(instance);
        return instance;
    }

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response, CancellationToken ct) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
}
