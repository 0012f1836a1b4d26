using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;

namespace Bff.Sessions;

/// <summary>
/// The session cookie's format (Data Protection, unchanged), with the result of unprotecting each recently seen
/// cookie kept in memory: the cookie only names the server-side session, so the same cookie always unprotects to the
/// same key, and a cookie that fails is never cached (forged or tampered cookies pay the full check every time).
/// Whether the session still exists is decided by the session store on every request (from the store, or from a local
/// copy that every change drops), not here. The cached ticket is handed out as is: with a session store, the cookie
/// handler only reads its session-id claim and then uses the stored ticket.
/// </summary>
internal sealed class CachingTicketDataFormat(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>, IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = LocalSessionCache.Capacity, CompactionPercentage = 0.2 });

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        if (_cache.TryGetValue(protectedText, out AuthenticationTicket? cached) && cached is not null)
        {
            return cached;
        }

        var ticket = inner.Unprotect(protectedText, purpose);
        if (ticket is not null)
        {
            _cache.Set(protectedText, ticket, new MemoryCacheEntryOptions
            {
                Size = 1,
                SlidingExpiration = LocalSessionCache.IdleTime,
                AbsoluteExpirationRelativeToNow = LocalSessionCache.MaxAge,
            });
        }

        return ticket;
    }

    public void Dispose() => _cache.Dispose();
}
