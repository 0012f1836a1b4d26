using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;

namespace Bff.Sessions;

/// <summary>
/// This instance's copies of recently used sessions: the decoded ticket with the exact stored bytes it came from.
/// A copy is used in two ways:
/// <list type="bullet">
/// <item>after a store read, when the bytes just read are identical: the Data Protection unprotect and deserialisation
/// are skipped (the store stays the truth; always the case with the in-process store);</item>
/// <item>without any store read, when it is <em>trusted</em>: filled or verified in the current <see cref="Generation"/>
/// while <see cref="ISessionPeers.CopiesTrusted"/> holds, and not invalidated since. A write on this instance and a change
/// announced by another instance drop the copy (<see cref="Invalidate"/>); an interruption of the announcements makes every
/// copy untrusted at once (<see cref="DistrustAll"/>).</item>
/// </list>
/// A store read that raced with an invalidation never fills a trusted copy: every invalidation bumps a counter, and a
/// fill is trusted only when the counter has not moved since before the read. Each caller gets its own copy of the ticket,
/// so no request sees another's changes.
/// </summary>
public sealed class LocalSessionCache : IDisposable
{
    /// <summary>The cache holds at most this many sessions; the least recently used go first.</summary>
    internal const int Capacity = 20_000;

    /// <summary>An unused entry goes after this long; no entry outlives <see cref="MaxAge"/> (bounds how long a Data Protection key revocation takes to bite).</summary>
    internal static readonly TimeSpan IdleTime = TimeSpan.FromMinutes(2);
    internal static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private const long Untrusted = -1;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.2 });
    private readonly Lock _gate = new();
    private long _invalidations;
    private long _generation;

    /// <summary>Copies filled or verified in an earlier generation are not trusted.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>How many sessions have copies (for tests and diagnostics).</summary>
    internal int Count => _cache.Count;

    /// <summary>A copy of the session that may be served without reading the store, or null.</summary>
    public AuthenticationTicket? GetTrusted(string key) =>
        _cache.TryGetValue(key, out Entry? entry) && entry is not null && entry.Generation == Volatile.Read(ref _generation)
            ? entry.Ticket.Clone()
            : null;

    /// <summary>Taken before a store read: whether what it reads may become a trusted copy.</summary>
    public ReadStamp BeginRead(bool trusted) => new(Volatile.Read(ref _invalidations), trusted ? Volatile.Read(ref _generation) : Untrusted);

    /// <summary>A copy of the ticket decoded from exactly <paramref name="storedBytes"/>, or null. Trusts it if <paramref name="stamp"/> allows.</summary>
    public AuthenticationTicket? Get(string key, byte[] storedBytes, ReadStamp stamp)
    {
        if (!_cache.TryGetValue(key, out Entry? entry) || entry is null || !entry.Bytes.AsSpan().SequenceEqual(storedBytes))
        {
            return null;
        }

        if (stamp.Generation != Untrusted && entry.Generation != stamp.Generation)
        {
            lock (_gate)
            {
                if (_invalidations == stamp.Invalidations)
                {
                    entry.Generation = stamp.Generation;
                }
            }
        }

        return entry.Ticket.Clone();
    }

    /// <summary>Keeps the ticket decoded from <paramref name="storedBytes"/>; trusted only if nothing was invalidated since <paramref name="stamp"/>.</summary>
    public void Set(string key, byte[] storedBytes, AuthenticationTicket ticket, ReadStamp stamp)
    {
        var entry = new Entry(storedBytes, ticket.Clone());
        var options = new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = IdleTime, AbsoluteExpirationRelativeToNow = MaxAge };
        lock (_gate)
        {
            entry.Generation = stamp.Generation != Untrusted && _invalidations == stamp.Invalidations ? stamp.Generation : Untrusted;
            _cache.Set(key, entry, options);
        }
    }

    /// <summary>The session changed or ended (here or on another instance): drop the copy, and fail any read in flight to trust what it read.</summary>
    public void Invalidate(string key)
    {
        lock (_gate)
        {
            _invalidations++;
            _cache.Remove(key);
        }
    }

    /// <summary>Announcements may have been missed: no copy is trusted again until a store read verifies it.</summary>
    public void DistrustAll()
    {
        lock (_gate)
        {
            _invalidations++;
            _generation++;
        }
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>What <see cref="BeginRead"/> saw; <see cref="Generation"/> is -1 when the read may not fill a trusted copy.</summary>
    public readonly record struct ReadStamp(long Invalidations, long Generation);

    private sealed class Entry(byte[] bytes, AuthenticationTicket ticket)
    {
        private long _generation = Untrusted;

        public byte[] Bytes { get; } = bytes;

        public AuthenticationTicket Ticket { get; } = ticket;

        public long Generation
        {
            get => Volatile.Read(ref _generation);
            set => Volatile.Write(ref _generation, value);
        }
    }
}
