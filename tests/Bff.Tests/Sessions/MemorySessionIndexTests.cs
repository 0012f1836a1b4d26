using Bff.Sessions;
using Bff.Stytch;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Sessions;

/// <summary>The single-instance session index: per-user lists, expiry, clean-up, and no lost write under concurrency.</summary>
public sealed class MemorySessionIndexTests
{
    private readonly TestClock _clock = new();
    private readonly MemorySessionIndex _index;

    public MemorySessionIndexTests() => _index = new MemorySessionIndex(_clock);

    [Fact]
    public async Task AddedSessionsAreListedForTheirUserOnlyAndRemovedOnesAreNot()
    {
        var ct = TestContext.Current.CancellationToken;
        var (ada, grace) = (User(), User());
        var first = Entry(ada, TimeSpan.FromHours(1));
        var second = Entry(ada, TimeSpan.FromHours(1));
        var other = Entry(grace, TimeSpan.FromHours(1));
        await _index.AddAsync(first, ct);
        await _index.AddAsync(second, ct);
        await _index.AddAsync(other, ct);
        await _index.RemoveAsync(first, ct);

        Assert.Equal([second.Key], (await _index.ListAsync(ada, ct)).Select(s => s.Key));
        Assert.Equal([other.Key], (await _index.ListAsync(grace, ct)).Select(s => s.Key));
        Assert.Empty(await _index.ListAsync(User(), ct));
    }

    [Fact]
    public async Task AddingAgainMovesASessionsExpiryInsteadOfListingItTwice()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = User();
        var session = Entry(user, TimeSpan.FromMinutes(5));
        await _index.AddAsync(session, ct);
        await _index.AddAsync(session with { ExpiresAt = session.ExpiresAt.AddHours(1) }, ct);

        _clock.Advance(TimeSpan.FromMinutes(10));

        var listed = Assert.Single(await _index.ListAsync(user, ct));
        Assert.Equal(session.ExpiresAt.AddHours(1), listed.ExpiresAt);
    }

    [Fact]
    public async Task ExpiredSessionsAreNeverListedAndTheUserLeavesTheIndexWhenHisLastOneGoes()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = User();
        var shortLived = Entry(user, TimeSpan.FromMinutes(1));
        var longLived = Entry(user, TimeSpan.FromHours(1));
        await _index.AddAsync(shortLived, ct);
        await _index.AddAsync(longLived, ct);

        _clock.Advance(TimeSpan.FromMinutes(2));
        var listed = await _index.ListAsync(user, ct);
        await _index.RemoveAsync(longLived, ct); // the expired one goes with this write

        Assert.Equal([longLived.Key], listed.Select(s => s.Key));
        Assert.Equal(0, _index.UserCount);
    }

    [Fact]
    public async Task UsersWhoNeverComeBackAreSweptByLaterWrites()
    {
        var ct = TestContext.Current.CancellationToken;
        var gone = User();
        await _index.AddAsync(Entry(gone, TimeSpan.FromMinutes(1)), ct);
        _clock.Advance(TimeSpan.FromMinutes(2));

        var active = User();
        var session = Entry(active, TimeSpan.FromHours(1));
        for (var i = 0; i < 1024; i++)
        {
            await _index.AddAsync(session, ct);
        }

        Assert.Equal(1, _index.UserCount);
        Assert.Empty(await _index.ListAsync(gone, ct));
    }

    [Fact]
    public async Task ConcurrentAddsAndRemovesOfOneUserLoseNoSession()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = User();
        const int Writers = 4;
        const int PerWriter = 500;

        // Each writer adds sessions and removes most of them again, so the user's map keeps emptying (and leaving the
        // index) while the others add: a lost add would leave a kept session out of the list.
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var kept = new List<string>();
            for (var i = 0; i < PerWriter; i++)
            {
                var session = Entry(user, TimeSpan.FromHours(1));
                await _index.AddAsync(session, ct);
                if (i % 10 == 0)
                {
                    kept.Add(session.Key);
                }
                else
                {
                    await _index.RemoveAsync(session, ct);
                }
            }

            return kept;
        }, ct)).ToList();
        var expected = (await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30), ct)).SelectMany(k => k).Order(StringComparer.Ordinal);

        var listed = (await _index.ListAsync(user, ct)).Select(s => s.Key).Order(StringComparer.Ordinal);
        Assert.Equal(expected, listed);
        Assert.Equal(Writers * PerWriter / 10, listed.Count());
    }

    [Fact]
    public async Task AnAddRacingTheRemovalOfAUsersLastSessionIsNeverLost()
    {
        var ct = TestContext.Current.CancellationToken;
        const int Rounds = 3000;
        var users = Enumerable.Range(0, Rounds).Select(_ => User()).ToArray();
        var temporary = users.Select(u => Entry(u, TimeSpan.FromHours(1))).ToArray();
        var kept = users.Select(u => Entry(u, TimeSpan.FromHours(1))).ToArray();
        using var barrier = new Barrier(2);

        // Per user: one thread removes the user's only session (emptying the map, so the user leaves the index) at the
        // moment the other adds a session that must stay.
        var remover = Task.Factory.StartNew(() =>
        {
            for (var r = 0; r < Rounds; r++)
            {
                _index.AddAsync(temporary[r], ct).GetAwaiter().GetResult();
                Assert.True(barrier.SignalAndWait(TimeSpan.FromSeconds(10), ct));
                _index.RemoveAsync(temporary[r], ct).GetAwaiter().GetResult();
            }
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var adder = Task.Factory.StartNew(() =>
        {
            for (var r = 0; r < Rounds; r++)
            {
                Assert.True(barrier.SignalAndWait(TimeSpan.FromSeconds(10), ct));
                _index.AddAsync(kept[r], ct).GetAwaiter().GetResult();
            }
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.WhenAll(remover, adder).WaitAsync(TimeSpan.FromSeconds(60), ct);

        var lost = new List<int>();
        for (var r = 0; r < Rounds; r++)
        {
            var listed = await _index.ListAsync(users[r], ct);
            if (listed.Count != 1 || listed[0].Key != kept[r].Key)
            {
                lost.Add(r);
            }
        }

        Assert.True(lost.Count == 0, $"{lost.Count} of {Rounds} kept sessions were lost (rounds {string.Join(", ", lost.Take(10))}).");
    }

    private static StytchUserId User() => new($"user-test-{Guid.NewGuid()}");

    private IndexedSession Entry(StytchUserId user, TimeSpan lifetime) =>
        new(user, System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            $"session-test-{Guid.NewGuid()}", _clock.GetUtcNow() + lifetime);
}
