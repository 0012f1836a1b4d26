using System.Security.Cryptography;
using Bff.Redis;
using Bff.Sessions;
using Bff.Stytch;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Redis;

/// <summary>The per-user index in Redis follows session expiry: expired entries go on the next write, and the set's TTL covers its longest session.</summary>
public sealed class RedisSessionIndexTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly TestClock _clock = new();
    private readonly StytchUserId _user = new($"user-test-{Guid.NewGuid()}");
    private RedisConnection _connection = null!;
    private RedisSessionIndex _index = null!;

    public ValueTask InitializeAsync()
    {
        _connection = new RedisConnection(new RedisOptions { Configuration = redis.Configuration, InstanceName = RedisInstances.NewPrefix() });
        _index = new RedisSessionIndex(_connection, _clock);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ExpiredSessionsLeaveTheIndexOnTheNextWriteAndAreNeverListed()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = _clock.GetUtcNow();
        var shortLived = Entry(now.AddMinutes(1));
        var longLived = Entry(now.AddHours(2));
        await _index.AddAsync(shortLived, ct);
        await _index.AddAsync(longLived, ct);

        _clock.Advance(TimeSpan.FromMinutes(2));
        var listedAfterExpiry = await _index.ListAsync(_user, ct);
        await _index.AddAsync(Entry(_clock.GetUtcNow().AddMinutes(30)), ct);
        var stored = await _connection.Database.SortedSetLengthAsync(_index.KeyOf(_user));

        Assert.Equal([longLived.Key], listedAfterExpiry.Select(s => s.Key));
        Assert.Equal(longLived.SessionId, listedAfterExpiry[0].SessionId);
        Assert.Equal(2, stored); // the expired one was trimmed by the write
    }

    [Fact]
    public async Task TheIndexTtlCoversItsLongestSessionAndMovesWhenASessionSlides()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = _clock.GetUtcNow();
        var session = Entry(now.AddMinutes(10));
        await _index.AddAsync(Entry(now.AddMinutes(5)), ct);
        await _index.AddAsync(session, ct);
        var ttlBefore = await _connection.Database.KeyTimeToLiveAsync(_index.KeyOf(_user));

        await _index.AddAsync(session with { ExpiresAt = now.AddHours(3) }, ct); // sliding renewal
        var ttlAfter = await _connection.Database.KeyTimeToLiveAsync(_index.KeyOf(_user));
        var listed = await _index.ListAsync(_user, ct);

        Assert.InRange(ttlBefore!.Value, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(12));
        Assert.InRange(ttlAfter!.Value, TimeSpan.FromHours(3), TimeSpan.FromHours(3) + TimeSpan.FromMinutes(2));
        Assert.Equal(2, listed.Count); // the renewal moved the entry, it did not add one
    }

    [Fact]
    public async Task RemovingASessionRemovesOnlyThatSession()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = _clock.GetUtcNow();
        var (first, second) = (Entry(now.AddHours(1)), Entry(now.AddHours(1)));
        await _index.AddAsync(first, ct);
        await _index.AddAsync(second, ct);

        await _index.RemoveAsync(first, ct);

        Assert.Equal([second.Key], (await _index.ListAsync(_user, ct)).Select(s => s.Key));
    }

    [Fact]
    public async Task TheInMemoryIndexBehavesTheSame()
    {
        var ct = TestContext.Current.CancellationToken;
        var memory = new MemorySessionIndex(_clock);
        var now = _clock.GetUtcNow();
        var (shortLived, longLived, removed) = (Entry(now.AddMinutes(1)), Entry(now.AddHours(2)), Entry(now.AddHours(2)));
        await memory.AddAsync(shortLived, ct);
        await memory.AddAsync(longLived, ct);
        await memory.AddAsync(removed, ct);
        await memory.RemoveAsync(removed, ct);

        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal([longLived.Key], (await memory.ListAsync(_user, ct)).Select(s => s.Key));
        Assert.Empty(await memory.ListAsync(new StytchUserId("user-test-nobody"), ct));
    }

    private IndexedSession Entry(DateTimeOffset expiresAt) =>
        new(_user, System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), $"session-test-{Guid.NewGuid()}", expiresAt);
}
