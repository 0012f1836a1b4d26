using System.Collections.Concurrent;
using Bff.Stytch;

namespace Bff.Sessions;

/// <summary>
/// The session index of a single instance: in memory, next to the in-memory session cache. A user's expired entries are
/// dropped whenever that user's entry is written, and every <see cref="SweepEvery"/> writes all users are swept, so
/// users who never come back do not pile up.
/// </summary>
public sealed class MemorySessionIndex(TimeProvider time) : ISessionIndex
{
    private const int SweepEvery = 1024;
    private readonly ConcurrentDictionary<string, Dictionary<string, IndexedSession>> _users = new(StringComparer.Ordinal);
    private int _writes;

    public Task AddAsync(IndexedSession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = time.GetUtcNow();
        while (true)
        {
            var sessions = _users.GetOrAdd(session.UserId.Value, _ => new Dictionary<string, IndexedSession>(StringComparer.Ordinal));
            lock (sessions)
            {
                // A user entry emptied and dropped by another thread must not be written to.
                if (!_users.TryGetValue(session.UserId.Value, out var current) || !ReferenceEquals(current, sessions))
                {
                    continue;
                }

                Trim(sessions, now);
                sessions[session.Key] = session;
            }

            if (Interlocked.Increment(ref _writes) % SweepEvery == 0)
            {
                Sweep(now);
            }

            return Task.CompletedTask;
        }
    }

    public Task RemoveAsync(IndexedSession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_users.TryGetValue(session.UserId.Value, out var sessions))
        {
            lock (sessions)
            {
                sessions.Remove(session.Key);
                TrimOrDrop(session.UserId.Value, sessions, time.GetUtcNow());
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IndexedSession>> ListAsync(StytchUserId userId, CancellationToken ct)
    {
        if (!_users.TryGetValue(userId.Value, out var sessions))
        {
            return Task.FromResult<IReadOnlyList<IndexedSession>>([]);
        }

        var now = time.GetUtcNow();
        lock (sessions)
        {
            return Task.FromResult<IReadOnlyList<IndexedSession>>(sessions.Values.Where(s => s.ExpiresAt > now).ToList());
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (userId, sessions) in _users)
        {
            lock (sessions)
            {
                TrimOrDrop(userId, sessions, now);
            }
        }
    }

    /// <summary>Call under the user's lock.</summary>
    private void TrimOrDrop(string userId, Dictionary<string, IndexedSession> sessions, DateTimeOffset now)
    {
        Trim(sessions, now);
        if (sessions.Count == 0)
        {
            _users.TryRemove(new KeyValuePair<string, Dictionary<string, IndexedSession>>(userId, sessions));
        }
    }

    private static void Trim(Dictionary<string, IndexedSession> sessions, DateTimeOffset now)
    {
        foreach (var expired in sessions.Where(s => s.Value.ExpiresAt <= now).Select(s => s.Key).ToList())
        {
            sessions.Remove(expired);
        }
    }
}
