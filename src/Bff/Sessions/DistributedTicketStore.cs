using System.Buffers.Text;
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
/// Reads are served from this instance's <see cref="LocalSessionCache"/> without a store read while
/// <see cref="ISessionPeers.CopiesTrusted"/> holds (Redis with a live change channel); every write and removal drops the
/// local copy and is announced to the other instances.
/// </summary>
public sealed partial class DistributedTicketStore(
    IDistributedCache cache,
    ISessionIndex index,
    IDataProtectionProvider dataProtection,
    TimeProvider time,
    ILogger<DistributedTicketStore> logger,
    LocalSessionCache? copies = null,
    ISessionPeers? peers = null) : ITicketStore, IDisposable
{
    internal const string KeyPrefix = "bff:session:";
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Bff.Sessions.Ticket.v1");
    private readonly LocalSessionCache _copies = copies ?? new LocalSessionCache();
    private readonly bool _ownsCopies = copies is null;
    private readonly ISessionPeers _peers = peers ?? new NoSessionPeers();

    public async Task<string> StoreAsync(AuthenticationTicket ticket) => await StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var key = NewKey();
        await SetAsync(key, ticket, cancellationToken, announce: false); // a new random key: no instance has a copy of it
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
        if (!IsWellFormed(key))
        {
            return null;
        }

        // No store read while every change made by any instance is known to reach this copy (see ISessionPeers).
        var trusted = _peers.CopiesTrusted;
        if (trusted && _copies.GetTrusted(key) is { } copy)
        {
            return copy;
        }

        return await ReadThroughAsync(key, trusted, cancellationToken);
    }

    /// <summary>Reads the session from the store itself (never a trusted local copy), e.g. to see another instance's refresh.</summary>
    internal Task<AuthenticationTicket?> ReadThroughAsync(string key, CancellationToken cancellationToken) =>
        IsWellFormed(key) ? ReadThroughAsync(key, _peers.CopiesTrusted, cancellationToken) : Task.FromResult<AuthenticationTicket?>(null);

    private async Task<AuthenticationTicket?> ReadThroughAsync(string key, bool trusted, CancellationToken cancellationToken)
    {
        var stamp = _copies.BeginRead(trusted);
        if (await ReadBytesAsync(key, cancellationToken) is not { } bytes)
        {
            _copies.Invalidate(key);
            return null;
        }

        // Identical stored bytes: reuse the decoded copy (Data Protection is most of a store read's cost).
        if (_copies.Get(key, bytes, stamp) is { } recent)
        {
            return recent;
        }

        var ticket = Unprotect(bytes);
        if (ticket is not null)
        {
            ticket.Properties.Items[SessionTicket.KeyItem] = key;
            _copies.Set(key, bytes, ticket, stamp);
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

    public void Dispose()
    {
        if (_ownsCopies)
        {
            _copies.Dispose();
        }
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

    private async Task SetAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken, bool announce = true)
    {
        var expires = ticket.Properties.ExpiresUtc ?? time.GetUtcNow().AddHours(1);

        // Index first: a session is never stored without being listed for its user (a listed session that was never
        // stored is harmless, and expires from the index by itself).
        if (IndexEntry(key, ticket, expires) is { } entry)
        {
            await index.AddAsync(entry, cancellationToken);
        }

        await ChangeAsync(key, "write", () => cache.SetAsync(KeyPrefix + key, Protect(ticket), new DistributedCacheEntryOptions { AbsoluteExpiration = expires }, cancellationToken), announce, cancellationToken);
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

    private Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        ChangeAsync(key, "remove", () => cache.RemoveAsync(KeyPrefix + key, cancellationToken), announce: true, cancellationToken);

    /// <summary>
    /// Writes or deletes a session in the store, then drops this instance's copy and announces the change to the others.
    /// The announcement is sent even when the store call failed (it may have been applied); an announcement that cannot be
    /// sent is a 503, so the caller retries, and a retried removal is announced again.
    /// </summary>
    private async Task ChangeAsync(string key, string operation, Func<Task> change, bool announce, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await change();
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            failure = ex;
        }
        finally
        {
            _copies.Invalidate(key);
        }

        if (announce)
        {
            try
            {
                await _peers.AnnounceChangeAsync(key, CancellationToken.None); // not cancelled with the request: the change is made
            }
            catch (Exception ex) when (failure is null && (ex is SessionStoreUnavailableException || IsStoreFailure(ex, cancellationToken)))
            {
                failure = ex;
            }
            catch (Exception) when (failure is not null)
            {
                // The store call failed too: that failure is reported.
            }
        }

        if (failure is not null)
        {
            Log.StoreUnavailable(logger, operation, failure);
            throw new SessionStoreUnavailableException(operation == "write" ? "The session store could not be written." : "The session store could not be updated.", failure);
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

    private static string NewKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static bool IsWellFormed(string key) =>
        key.Length == 43 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

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
