using System.Collections.Concurrent;
using System.Collections.Immutable;
using Bff.Stytch;

namespace Bff.Sessions;

/// <summary>
/// The session index of a single instance, in memory and lock-free: each user's sessions are an immutable map, replaced
/// with compare-and-swap. A user whose last session goes is removed only if nobody replaced the map meanwhile, so a
/// concurrent add is never lost. Expired entries go whenever the user's map changes, and every
/// <see cref="SweepEvery"/> writes all users are trimmed, so users who never come back do not pile up.
/// </summary>
public sealed class MemorySessionIndex(TimeProvider time) : ISessionIndex
{
    private const int SweepEvery = 1024;
    private static readonly ImmutableDictionary<string, IndexedSession> None = ImmutableDictionary.Create<string, IndexedSession>(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableDictionary<string, IndexedSession>> _users = new(StringComparer.Ordinal);
    private int _writes;

    /// <summary>How many users have entries (for tests).</summary>
    internal int UserCount => _users.Count;

    public Task AddAsync(IndexedSession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = time.GetUtcNow();
        _users.AddOrUpdate(session.UserId.Value,
            static (_, add) => None.SetItem(add.Session.Key, add.Session),
            static (_, sessions, add) => Live(sessions, add.Now).SetItem(add.Session.Key, add.Session),
            (Session: session, Now: now));
        if (Interlocked.Increment(ref _writes) % SweepEvery == 0)
        {
            foreach (var userId in _users.Keys)
            {
                Update(userId, sessions => Live(sessions, now));
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(IndexedSession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = time.GetUtcNow();
        Update(session.UserId.Value, sessions => Live(sessions, now).Remove(session.Key));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IndexedSession>> ListAsync(StytchUserId userId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return Task.FromResult<IReadOnlyList<IndexedSession>>(
            _users.TryGetValue(userId.Value, out var sessions) ? [.. sessions.Values.Where(s => s.ExpiresAt > now)] : []);
    }

    /// <summary>Replaces the user's map with <paramref name="change"/>'s result (removing the user when it is empty), retrying if it moved meanwhile.</summary>
    private void Update(string userId, Func<ImmutableDictionary<string, IndexedSession>, ImmutableDictionary<string, IndexedSession>> change)
    {
        while (_users.TryGetValue(userId, out var current))
        {
            var next = change(current);
            var done = ReferenceEquals(next, current)
                || (next.IsEmpty ? _users.TryRemove(KeyValuePair.Create(userId, current)) : _users.TryUpdate(userId, next, current));
            if (done)
            {
                return;
            }
        }
    }

    private static ImmutableDictionary<string, IndexedSession> Live(ImmutableDictionary<string, IndexedSession> sessions, DateTimeOffset now) =>
        sessions.Values.Any(s => s.ExpiresAt <= now) ? sessions.RemoveRange(sessions.Where(s => s.Value.ExpiresAt <= now).Select(s => s.Key)) : sessions;
}
