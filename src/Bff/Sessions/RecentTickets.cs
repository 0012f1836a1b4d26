using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;

namespace Bff.Sessions;

/// <summary>
/// The last ticket read for each recently used session, with the exact stored bytes it came from. The store stays the
/// only source of truth: a read still fetches the bytes, and only when they are identical to the cached ones is the
/// Data Protection unprotect and deserialisation skipped (they are most of a request's cost). A write or a removal
/// drops the entry. Each caller gets its own copy, so no request sees another's changes.
/// </summary>
internal sealed class RecentTickets : IDisposable
{
    /// <summary>The cache holds at most this many sessions; the least recently used go first.</summary>
    internal const int Capacity = 20_000;

    /// <summary>An unused entry goes after this long; no entry outlives <see cref="MaxAge"/> (bounds how long a Data Protection key revocation takes to bite).</summary>
    internal static readonly TimeSpan IdleTime = TimeSpan.FromMinutes(2);
    internal static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.2 });

    public AuthenticationTicket? Get(string key, byte[] storedBytes) =>
        _cache.TryGetValue(key, out Entry? entry) && entry is not null && entry.Bytes.AsSpan().SequenceEqual(storedBytes)
            ? entry.Ticket.Clone()
            : null;

    public void Set(string key, byte[] storedBytes, AuthenticationTicket ticket) =>
        _cache.Set(key, new Entry(storedBytes, ticket.Clone()), new MemoryCacheEntryOptions
        {
            Size = 1,
            SlidingExpiration = IdleTime,
            AbsoluteExpirationRelativeToNow = MaxAge,
        });

    public void Forget(string key) => _cache.Remove(key);

    public void Dispose() => _cache.Dispose();

    private sealed record Entry(byte[] Bytes, AuthenticationTicket Ticket);
}
