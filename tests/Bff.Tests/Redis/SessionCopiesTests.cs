using System.Diagnostics;
using System.Globalization;
using System.Net;
using Bff.Redis;
using Bff.Sessions;
using Bff.Stytch;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Bff.Tests.Redis;

/// <summary>
/// Instances on one real Redis serve recently used sessions from local copies, without a Redis read, and every change
/// made on one instance reaches the others' copies over the session channel: within 100 ms at p99 (measured here over
/// 100 changes), and never later than <see cref="RedisSessionPeers.Lease"/>, because an instance that has not heard its
/// own probe back within that time serves nothing from its copies. The instances share this test process, so the class
/// runs alone (<see cref="MeasuredAlone"/>): other test classes' hosts on the same thread pool would be measured too.
/// </summary>
[Collection(nameof(MeasuredAlone))]
public sealed class SessionCopiesTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    /// <summary>The bound at p99 stated in the README and docs/benchmarks.md.</summary>
    private static readonly TimeSpan P99Bound = TimeSpan.FromMilliseconds(100);

    /// <summary>The hard bound: the lease, plus the one request that observes it.</summary>
    private static readonly TimeSpan HardBound = RedisSessionPeers.Lease + TimeSpan.FromMilliseconds(250);

    private readonly string _prefix = RedisInstances.NewPrefix();
    private readonly List<BffFactory> _instances = [];
    private ConnectionMultiplexer? _redisClient;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        if (_redisClient is not null)
        {
            await _redisClient.DisposeAsync();
        }

        if (!redis.IsRunning)
        {
            await redis.StartAsync();
        }
    }

    [Theory]
    [InlineData(2, 100)]
    [InlineData(3, 50)]
    public async Task ALogoutOnOneInstanceIsRefusedByEveryOtherWithin100MsAtP99(int instanceCount, int trials)
    {
        var ct = TestContext.Current.CancellationToken;
        var instances = await StartAsync(instanceCount, ct);
        var (a, others) = (instances[0], instances[1..]);
        a.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());
        var delays = new List<TimeSpan>();

        for (var trial = 0; trial < trials; trial++)
        {
            var cookie = await RedisInstances.LoginAsync(a, new TestUser($"trial-{trial}@example.com", "correct-horse"), ct);
            foreach (var other in others)
            {
                await AssertServedFromLocalCopyAsync(other, cookie, ct);
            }

            using (var logout = await RedisInstances.Client(a, cookie).PostAsync("/auth/logout", null, ct))
            {
                Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
            }

            var loggedOutAt = Stopwatch.GetTimestamp();
            foreach (var other in others)
            {
                delays.Add(await TimeUntilRefusedAsync(other, cookie, loggedOutAt, ct));
            }
        }

        delays.Sort();
        var p99 = delays[(int)Math.Ceiling(delays.Count * 0.99) - 1];
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{instanceCount} instances, {delays.Count} changes: p50 {delays[delays.Count / 2].TotalMilliseconds:0.00} ms, p99 {p99.TotalMilliseconds:0.00} ms, max {delays[^1].TotalMilliseconds:0.00} ms");
        Assert.True(p99 <= P99Bound, $"p99 {p99.TotalMilliseconds:0.0} ms over {delays.Count} changes (max {delays[^1].TotalMilliseconds:0.0} ms)");
        Assert.True(delays[^1] <= HardBound, $"the slowest change took {delays[^1].TotalMilliseconds:0.0} ms");
    }

    [Theory]
    [InlineData("logout")]
    [InlineData("logout-all")]
    [InlineData("ended-at-stytch")]
    [InlineData("operator")]
    public async Task ASessionEndedOnOneInstanceIsRefusedByTheOthersWithinTheBound(string how)
    {
        var ct = TestContext.Current.CancellationToken;
        var instances = await StartAsync(3, ct);
        var (a, others) = (instances[0], instances[1..]);
        var user = new TestUser("ada@example.com", "correct-horse");
        var cookie = await RedisInstances.LoginAsync(a, user, ct);
        foreach (var other in others)
        {
            await AssertServedFromLocalCopyAsync(other, cookie, ct);
        }

        a.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());
        using var onA = RedisInstances.Client(a, cookie);
        switch (how)
        {
            case "logout":
                Assert.Equal(HttpStatusCode.OK, (await onA.PostAsync("/auth/logout", null, ct)).StatusCode);
                break;
            case "logout-all":
                Assert.Equal(HttpStatusCode.OK, (await onA.PostAsync("/auth/logout-all", null, ct)).StatusCode);
                break;
            case "ended-at-stytch":
                a.Stytch.On("POST", "/v1/sessions/authenticate", FakeReply.Error(404, "session_not_found", "Session could not be found."));
                a.Clock.Advance(TimeSpan.FromMinutes(6)); // only A sees the session stale and asks Stytch
                Assert.Equal(HttpStatusCode.Unauthorized, (await onA.GetAsync("/me", ct)).StatusCode);
                break;
            case "operator":
                using (var scope = a.Services.CreateScope())
                {
                    await scope.ServiceProvider.GetRequiredService<ISessionRevocation>().RevokeUserSessionsAsync(new StytchUserId(user.UserId), ct);
                }

                break;
        }

        var endedAt = Stopwatch.GetTimestamp();
        foreach (var other in others)
        {
            var delay = await TimeUntilRefusedAsync(other, cookie, endedAt, ct);
            Assert.True(delay <= HardBound, $"{how}: refused after {delay.TotalMilliseconds:0.0} ms");
        }

        Assert.All(instances, i => Assert.Empty(i.Stytch.Unexpected));
    }

    [Fact]
    public async Task AChangeMadeOnAnInstanceIsSeenByItsNextRequestWithNoDelay()
    {
        var ct = TestContext.Current.CancellationToken;
        var instances = await StartAsync(2, ct);
        var a = instances[0];
        var user = new TestUser("ada@example.com", "correct-horse");
        var cookie = await RedisInstances.LoginAsync(a, user, ct);
        await AssertServedFromLocalCopyAsync(a, cookie, ct);
        a.Stytch.On("POST", "/v1/sessions/authenticate", _ => FakeReply.Json(StytchShapes.SessionAuthenticate(user, a.Clock.GetUtcNow())));
        a.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());
        using var onA = RedisInstances.Client(a, cookie);

        // A refresh on A: the next request on A sees the refreshed session (a stale copy would ask Stytch again).
        a.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/me", ct)).StatusCode);
        a.Clock.Advance(TimeSpan.FromSeconds(45)); // past the single-flight reuse window
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/me", ct)).StatusCode);
        Assert.Equal(1, a.Stytch.Count("POST", "/v1/sessions/authenticate"));

        // A logout on A: the very next request on A is refused.
        Assert.Equal(HttpStatusCode.OK, (await onA.PostAsync("/auth/logout", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RedisInstances.Client(a, cookie).GetAsync("/me", ct)).StatusCode);
    }

    [Fact]
    public async Task AnInstanceThatLostItsChannelReadsRedisUntilTheChannelIsBackThenUsesLocalCopiesAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var instances = await StartAsync(2, ct);
        var (a, b) = (instances[0], instances[1]);
        var cookie = await RedisInstances.LoginAsync(a, new TestUser("ada@example.com", "correct-horse"), ct);
        await AssertServedFromLocalCopyAsync(b, cookie, ct);

        // Deleted behind the BFF's back, never announced: B's copy still answers (only announced changes reach copies).
        var key = a.SessionKeyOf(cookie.Split('=', 2)[1])!;
        Assert.True(await Redis().GetDatabase().KeyDeleteAsync($"{_prefix}{DistributedTicketStore.KeyPrefix}{key}"));
        Assert.Equal(HttpStatusCode.OK, (await RedisInstances.Client(b, cookie).GetAsync("/me", ct)).StatusCode);

        // B loses its channel: from then on its copy is never served again without a Redis read.
        Assert.StartsWith(":", await redis.CommandAsync("CLIENT KILL TYPE pubsub"), StringComparison.Ordinal);
        var killedAt = Stopwatch.GetTimestamp();
        var delay = await TimeUntilRefusedAsync(b, cookie, killedAt, ct);
        Assert.True(delay <= HardBound, $"B kept serving its copy for {delay.TotalMilliseconds:0.0} ms after losing its channel");
        Assert.NotEmpty(b.Logs.WithEventName("SessionChannelLost"));

        // The channel comes back by itself (no restart) and local copies are used again.
        await WaitUntilTrustedAsync(b, ct);
        var again = await RedisInstances.LoginAsync(a, new TestUser("grace@example.com", "correct-horse"), ct);
        await AssertServedFromLocalCopyAsync(b, again, ct);
    }

    [Fact]
    public async Task WithRedisDownAnInstanceWithLocalCopiesAnswers503NeverALogoutAndRecoversByItself()
    {
        var ct = TestContext.Current.CancellationToken;
        var b = (await StartAsync(1, ct))[0];
        var cookie = await RedisInstances.LoginAsync(b, new TestUser("ada@example.com", "correct-horse"), ct);
        await AssertServedFromLocalCopyAsync(b, cookie, ct);

        await redis.StopAsync(keepData: true);
        var stoppedAt = Stopwatch.GetTimestamp();
        HttpResponseMessage during;
        while (true)
        {
            during = await RedisInstances.Client(b, cookie).GetAsync("/me", ct);
            if (during.StatusCode != HttpStatusCode.OK || Stopwatch.GetElapsedTime(stoppedAt) > HardBound)
            {
                break;
            }

            during.Dispose();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.False(during.Headers.Contains("Set-Cookie"), "an outage must never clear the session cookie");
        during.Dispose();

        await redis.StartAsync();
        await WaitUntilTrustedAsync(b, ct);
        Assert.Equal(HttpStatusCode.OK, (await RedisInstances.Client(b, cookie).GetAsync("/me", ct)).StatusCode);
        await AssertServedFromLocalCopyAsync(b, cookie, ct);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task OneStaleSessionCausesOneStytchCheckAcrossAllInstances(int instanceCount)
    {
        var ct = TestContext.Current.CancellationToken;
        var instances = await StartAsync(instanceCount, ct);
        var user = new TestUser("ada@example.com", "correct-horse");
        var cookie = await RedisInstances.LoginAsync(instances[0], user, ct);
        foreach (var instance in instances)
        {
            await AssertServedFromLocalCopyAsync(instance, cookie, ct);
            instance.Clock.Advance(TimeSpan.FromMinutes(6)); // the JWT has expired everywhere
            instance.Stytch.OnAsync("POST", "/v1/sessions/authenticate", async _ =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), ct); // long enough for every instance to ask at once
                return FakeReply.Json(StytchShapes.SessionAuthenticate(user, instance.Clock.GetUtcNow()));
            });
        }

        var requests = instances.SelectMany(i => Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await RedisInstances.Client(i, cookie).GetAsync("/me", ct);
            return response.StatusCode;
        })).ToList();
        var answers = await Task.WhenAll(requests);

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(1, instances.Sum(i => i.Stytch.Count("POST", "/v1/sessions/authenticate")));
        Assert.All(instances, i => Assert.Empty(i.Stytch.Unexpected));
    }

    private async Task<BffFactory[]> StartAsync(int count, CancellationToken ct)
    {
        var started = new BffFactory[count];
        for (var i = 0; i < count; i++)
        {
            started[i] = RedisInstances.Create(redis, _prefix);
            _instances.Add(started[i]);
            _ = started[i].Services; // starts the host, and with it the session channel
        }

        foreach (var instance in started)
        {
            await WaitUntilTrustedAsync(instance, ct);
        }

        return started;
    }

    /// <summary>Waits (at most 10 s) until the instance has heard its own probe back on the session channel.</summary>
    private static async Task WaitUntilTrustedAsync(BffFactory instance, CancellationToken ct)
    {
        var peers = instance.Services.GetRequiredService<ISessionPeers>();
        var clock = Stopwatch.StartNew();
        while (!peers.CopiesTrusted)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the session channel was not confirmed within 10 s");
            await Task.Delay(20, ct);
        }
    }

    /// <summary>The instance serves the session, and (once it has a copy) serves it again without reading Redis.</summary>
    private async Task AssertServedFromLocalCopyAsync(BffFactory instance, string cookie, CancellationToken ct)
    {
        using var client = RedisInstances.Client(instance, cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
        var reads = await SessionReadsAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
        Assert.Equal(reads, await SessionReadsAsync());
    }

    /// <summary>How long after <paramref name="since"/> the instance first refuses the cookie (polled without pause, at most 5 s).</summary>
    private static async Task<TimeSpan> TimeUntilRefusedAsync(BffFactory instance, string cookie, long since, CancellationToken ct)
    {
        using var client = RedisInstances.Client(instance, cookie);
        while (true)
        {
            using var response = await client.GetAsync("/me", ct);
            var elapsed = Stopwatch.GetElapsedTime(since);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return elapsed;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(elapsed < TimeSpan.FromSeconds(5), "the instance still served the session after 5 s");
        }
    }

    /// <summary>Session reads Redis has served (RedisCache reads a session with one HMGET).</summary>
    private async Task<long> SessionReadsAsync()
    {
        var server = Redis().GetServer(Redis().GetEndPoints()[0]);
        var stats = (await server.InfoAsync("commandstats")).SelectMany(g => g).FirstOrDefault(kv => kv.Key == "cmdstat_hmget").Value;
        if (stats is null)
        {
            return 0;
        }

        var calls = stats.Split(',')[0]; // calls=N,usec=…
        return long.Parse(calls["calls=".Length..], CultureInfo.InvariantCulture);
    }

    private ConnectionMultiplexer Redis() => _redisClient ??= ConnectionMultiplexer.Connect(redis.Configuration + ",allowAdmin=true");
}

/// <summary>Test classes that measure time: run with no other test class in parallel.</summary>
[CollectionDefinition(nameof(MeasuredAlone), DisableParallelization = true)]
public sealed class MeasuredAlone;
