using System.Security.Cryptography;
using Bff.Stytch;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;

namespace Bff.Sessions;

/// <summary>
/// Server-side sessions: the cookie carries only a random key; the ticket (with the Stytch session token and JWT) is
/// serialised, protected with Data Protection and kept in <see cref="IDistributedCache"/> (memory by default, Redis
/// when configured), and listed per user in the <see cref="ISessionIndex"/>. A store failure is a
/// <see cref="SessionStoreUnavailableException"/> (503), never a logout.
/// </summary>
public sealed partial class DistributedTicketStore(
    IDistributedCache cache,
    ISessionIndex index,
    IDataProtectionProvider dataProtection,
    TimeProvider time,
    ILogger<DistributedTicketStore> logger) : ITicketStore
{
    internal const string KeyPrefix = "bff:session:";
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Bff.Sessions.Ticket.v1");

    public async Task<string> StoreAsync(AuthenticationTicket ticket) => await StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var key = NewKey();
        await SetAsync(key, ticket, cancellationToken);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) => WriteAsync(key, ticket, cancellationToken);

    /// <summary>
    /// The cookie handler's sliding renewal. It renews a copy of the ticket taken during authentication, before the
    /// session-freshness middleware refreshed the Stytch JWT in this request; writing that copy as it is would put the
    /// stale JWT back and cost another Stytch call on the next request. So the request's current session wins.
    /// </summary>
    public Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (httpContext.Features.Get<BffSession>() is { } current && current.Key == key
            && SessionTicket.Read(ticket) is { } renewing
            && current.ValidatedAt >= renewing.ValidatedAt && current.SessionJwt != renewing.SessionJwt)
        {
            SessionTicket.Apply(ticket.Properties, current.SessionToken, current.SessionJwt, current.StytchExpiresAt, current.ValidatedAt);
        }

        return WriteAsync(key, ticket, cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(key) || await ReadBytesAsync(key, cancellationToken) is not { } bytes)
        {
            return null;
        }

        var ticket = Unprotect(bytes);
        if (ticket is not null)
        {
            ticket.Properties.Items[SessionTicket.KeyItem] = key;
        }

        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(key))
        {
            return;
        }

        // The index is keyed by user: read whose session this is before deleting it.
        var bytes = await ReadBytesAsync(key, cancellationToken);
        var entry = bytes is null ? null : IndexEntry(key, Unprotect(bytes));
        await DeleteAsync(key, cancellationToken);
        if (entry is not null)
        {
            await index.RemoveAsync(entry, cancellationToken);
        }
    }

    /// <summary>Deletes an indexed session without reading it (ending all sessions of a user).</summary>
    internal async Task RemoveAsync(IndexedSession session, CancellationToken cancellationToken)
    {
        await DeleteAsync(session.Key, cancellationToken);
        await index.RemoveAsync(session, cancellationToken);
    }

    /// <summary>The protected bytes of a ticket, as stored (for size measurements).</summary>
    internal byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(Strip(ticket)));

    /// <summary>
    /// Every renewal (new expiry, refreshed JWT) writes through here: a session deleted meanwhile (logout, "log out
    /// everywhere" on another instance) is not brought back by a request that loaded it before.
    /// </summary>
    private async Task WriteAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(key) || await ReadBytesAsync(key, cancellationToken) is null)
        {
            return;
        }

        await SetAsync(key, ticket, cancellationToken);
    }

    private async Task SetAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var expires = ticket.Properties.ExpiresUtc ?? time.GetUtcNow().AddHours(1);

        // Index first: a session is never stored without being listed for its user (a listed session that was never
        // stored is harmless, and expires from the index by itself).
        if (IndexEntry(key, ticket, expires) is { } entry)
        {
            await index.AddAsync(entry, cancellationToken);
        }

        try
        {
            var bytes = Protect(ticket);
            await cache.SetAsync(KeyPrefix + key, bytes, new DistributedCacheEntryOptions { AbsoluteExpiration = expires }, cancellationToken);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            Log.StoreUnavailable(logger, "write", ex);
            throw new SessionStoreUnavailableException("The session store could not be written.", ex);
        }
    }

    private async Task<byte[]?> ReadBytesAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.GetAsync(KeyPrefix + key, cancellationToken);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            Log.StoreUnavailable(logger, "read", ex);
            throw new SessionStoreUnavailableException("The session store could not be read.", ex);
        }
    }

    private async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await cache.RemoveAsync(KeyPrefix + key, cancellationToken);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            Log.StoreUnavailable(logger, "remove", ex);
            throw new SessionStoreUnavailableException("The session store could not be updated.", ex);
        }
    }

    private AuthenticationTicket? Unprotect(byte[] bytes)
    {
        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(bytes));
        }
        catch (CryptographicException ex) when (ex.InnerException is not null and not CryptographicException)
        {
            // Data Protection wraps a failure to load the key ring (Redis down) in a CryptographicException: that is
            // an outage, not a bad ticket, and must not log the user out.
            Log.StoreUnavailable(logger, "read key ring", ex);
            throw new SessionStoreUnavailableException("The Data Protection key ring could not be read.", ex);
        }
        catch (CryptographicException ex)
        {
            // Keys rotated away or data tampered with: treat as no session.
            Log.TicketUnreadable(logger, ex);
            return null;
        }
    }

    private IndexedSession? IndexEntry(string key, AuthenticationTicket? ticket, DateTimeOffset? expires = null) =>
        ticket?.Principal.FindFirst("sub")?.Value is { Length: > 0 } userId && ticket.Principal.FindFirst("sid")?.Value is { Length: > 0 } sessionId
            ? new IndexedSession(new StytchUserId(userId), key, sessionId, expires ?? ticket.Properties.ExpiresUtc ?? time.GetUtcNow().AddHours(1))
            : null;

    /// <summary>The key item is derived on read; it is never stored.</summary>
    private static AuthenticationTicket Strip(AuthenticationTicket ticket)
    {
        if (!ticket.Properties.Items.ContainsKey(SessionTicket.KeyItem))
        {
            return ticket;
        }

        var properties = ticket.Properties.Clone();
        properties.Items.Remove(SessionTicket.KeyItem);
        return new AuthenticationTicket(ticket.Principal, properties, ticket.AuthenticationScheme);
    }

    private static string NewKey() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static bool IsWellFormed(string key) =>
        key.Length == 43 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool IsStoreFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is not SessionStoreUnavailableException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, EventName = "SessionStoreUnavailable", Level = LogLevel.Error, Message = "The session store failed on {Operation}; answering 503")]
        public static partial void StoreUnavailable(ILogger logger, string operation, Exception exception);

        [LoggerMessage(EventId = 3002, EventName = "SessionTicketUnreadable", Level = LogLevel.Warning, Message = "A stored session could not be unprotected; treating it as absent")]
        public static partial void TicketUnreadable(ILogger logger, Exception exception);
    }
}
