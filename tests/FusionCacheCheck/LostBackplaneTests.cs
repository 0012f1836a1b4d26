using Bff.Tests.Infrastructure;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;

namespace FusionCacheCheck;

/// <summary>
/// FusionCache 2.9.0, memory level plus its Redis backplane, two nodes on one real redis-server, as the BFF would use it
/// for sessions. With the backplane connected, a removal on one node drops the other's copy (the first test: the set-up
/// is right). When a node loses its backplane connection, a removal made meanwhile never reaches it, and once the
/// connection is back it goes on serving its copy of the removed entry until the entry's own duration ends (the second
/// test). The BFF's rule is that an instance that lost its channel serves no local copy until the channel is back and
/// has not missed anything; that is why it has its own small channel (Bff.Redis.RedisSessionPeers) instead.
/// </summary>
public sealed class LostBackplaneTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private const string Key = "session:a-session-key";
    private readonly string _name = $"check-{Guid.NewGuid():N}";
    private readonly List<FusionCache> _nodes = [];

    [Fact]
    public async Task WithTheBackplaneConnectedARemovalOnOneNodeDropsTheOtherNodesCopy()
    {
        var ct = TestContext.Current.CancellationToken;
        var (a, b) = (await NodeAsync(ct), await NodeAsync(ct));
        Assert.Equal("session v1", await b.GetOrSetAsync(Key, "session v1", token: ct));

        await a.RemoveAsync(Key, token: ct);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (b.TryGet<string>(Key, token: ct).HasValue && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, ct);
        }

        Assert.False(b.TryGet<string>(Key, token: ct).HasValue);
    }

    [Fact]
    public async Task AfterLosingItsBackplaneConnectionANodeServesItsCopyOfAnEntryRemovedMeanwhileEvenOnceReconnected()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = $"node-b-{Guid.NewGuid():N}";
        Assert.Equal("+OK", await redis.CommandAsync($"ACL SETUSER {user} on >node-b-password ~* &* +@all"));
        var (a, b) = (await NodeAsync(ct), await NodeAsync(ct, $",user={user},password=node-b-password"));
        Assert.Equal("session v1", await b.GetOrSetAsync(Key, "session v1", token: ct));

        // B loses its backplane connection and cannot subscribe again (its channel permission is taken away); A's
        // removal is published while B does not listen.
        Assert.Equal("+OK", await redis.CommandAsync($"ACL SETUSER {user} resetchannels"));
        Assert.StartsWith(":", await redis.CommandAsync($"CLIENT KILL USER {user}"), StringComparison.Ordinal);
        await WaitForSubscribersAsync(1, ct, exactly: true);
        await a.RemoveAsync(Key, token: ct);

        // B's backplane connection comes back...
        Assert.Equal("+OK", await redis.CommandAsync($"ACL SETUSER {user} allchannels"));
        Assert.StartsWith(":", await redis.CommandAsync($"CLIENT KILL USER {user}"), StringComparison.Ordinal);
        await WaitForSubscribersAsync(2, ct);

        // ...and B still serves the entry A removed: nothing told it that it may have missed a change.
        var copy = b.TryGet<string>(Key, token: ct);
        Assert.True(copy.HasValue, "FusionCache dropped the copy after reconnecting: look at FusionCache again for the BFF's sessions");
        Assert.Equal("session v1", copy.Value);
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    private async Task<FusionCache> NodeAsync(CancellationToken ct, string credentials = "")
    {
        var node = new FusionCache(new FusionCacheOptions
        {
            CacheName = _name,
            DefaultEntryOptions = new FusionCacheEntryOptions(TimeSpan.FromMinutes(10)),
        });
        node.SetupBackplane(new RedisBackplane(new RedisBackplaneOptions { Configuration = redis.Configuration + credentials }));
        _nodes.Add(node);
        await WaitForSubscribersAsync(_nodes.Count, ct);
        return node;
    }

    /// <summary>Waits (at most 10 s) until this test's backplane channel has <paramref name="count"/> subscribers (or more).</summary>
    private async Task WaitForSubscribersAsync(int count, CancellationToken ct, bool exactly = false)
    {
        await using var client = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = client.GetDatabase();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var channels = (RedisResult[])(await db.ExecuteAsync("PUBSUB", "CHANNELS", $"*{_name}*"))!;
            var subscribers = channels.Length == 0 ? 0 : (long)((RedisResult[])(await db.ExecuteAsync("PUBSUB", "NUMSUB", (string)channels[0]!))!)[1];
            if (exactly ? subscribers == count : subscribers >= count)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the backplane channel did not reach {count} subscribers within 10 s");
            await Task.Delay(20, ct);
        }
    }
}
