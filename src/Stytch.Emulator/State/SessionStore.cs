using System.Collections.Concurrent;

namespace Stytch.Emulator.State;

/// <summary>All sessions, by id and by token. Sessions that ended are swept out now and then.</summary>
internal sealed class SessionStore(TimeProvider clock)
{
    private const int SweepEvery = 1_000;
    private readonly ConcurrentDictionary<string, SessionRecord> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SessionRecord> _byToken = new(StringComparer.Ordinal);
    private int _started;

    public SessionRecord Add(SessionRecord session)
    {
        _byId[session.SessionId] = session;
        _byToken[session.Token] = session;
        if (Interlocked.Increment(ref _started) % SweepEvery == 0)
        {
            Sweep();
        }

        return session;
    }

    /// <summary>The session with this id if it is active (not expired, not revoked).</summary>
    public SessionRecord? FindActive(string sessionId) =>
        _byId.TryGetValue(sessionId, out var session) && session.IsActive(clock.GetUtcNow()) ? session : null;

    /// <summary>The session with this token if it is active.</summary>
    public SessionRecord? FindActiveByToken(string token) =>
        _byToken.TryGetValue(token, out var session) && session.IsActive(clock.GetUtcNow()) ? session : null;

    /// <summary>Every active session of one user.</summary>
    public IReadOnlyList<SessionRecord> ActiveFor(string userId)
    {
        var now = clock.GetUtcNow();
        return [.. _byId.Values.Where(s => string.Equals(s.UserId, userId, StringComparison.Ordinal) && s.IsActive(now))];
    }

    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var session in _byId.Values)
        {
            if (!session.IsActive(now))
            {
                _byId.TryRemove(session.SessionId, out _);
                _byToken.TryRemove(session.Token, out _);
            }
        }
    }
}
