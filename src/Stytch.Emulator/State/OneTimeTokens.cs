using System.Collections.Concurrent;

namespace Stytch.Emulator.State;

/// <summary>
/// Single-use tokens (magic links, OAuth flows) with an expiry. Redeeming is atomic: of two concurrent redeems of
/// one token, exactly one wins.
/// </summary>
internal sealed class OneTimeTokens<T>(TimeProvider clock)
    where T : class
{
    private const int SweepEvery = 1_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _added;

    public void Add(string token, T value, TimeSpan lifetime)
    {
        _entries[token] = new Entry(value, clock.GetUtcNow() + lifetime);
        if (Interlocked.Increment(ref _added) % SweepEvery == 0)
        {
            var now = clock.GetUtcNow();
            foreach (var (key, entry) in _entries)
            {
                if (now >= entry.ExpiresAt)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>Looks a token up without using it.</summary>
    public TokenLookup<T> Peek(string token)
    {
        if (!_entries.TryGetValue(token, out var entry))
        {
            return new TokenLookup<T>(TokenState.NotFound, null);
        }

        return clock.GetUtcNow() >= entry.ExpiresAt
            ? new TokenLookup<T>(TokenState.Expired, entry.Value)
            : new TokenLookup<T>(TokenState.Valid, entry.Value);
    }

    /// <summary>Uses a token up. False when another caller used it first.</summary>
    public bool TryConsume(string token) => _entries.TryRemove(token, out _);

    private sealed record Entry(T Value, DateTimeOffset ExpiresAt);
}
