using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;

namespace Bff.Sessions;

/// <summary>
/// Server-side sessions: the cookie carries only a random key; the ticket (with the Stytch session token and JWT) is
/// serialised, protected with Data Protection and kept in <see cref="IDistributedCache"/> (memory by default, Redis
/// when configured). A store failure is a <see cref="SessionStoreUnavailableException"/> (503), never a logout.
/// </summary>
public sealed partial class DistributedTicketStore(
    IDistributedCache cache,
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
        await WriteAsync(key, ticket, cancellationToken);
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

        byte[]? bytes;
        try
        {
            bytes = await cache.GetAsync(KeyPrefix + key, cancellationToken);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            Log.StoreUnavailable(logger, "read", ex);
            throw new SessionStoreUnavailableException("The session store could not be read.", ex);
        }

        if (bytes is null)
        {
            return null;
        }

        try
        {
            var ticket = TicketSerializer.Default.Deserialize(_protector.Unprotect(bytes));
            if (ticket is null)
            {
                return null;
            }

            ticket.Properties.Items[SessionTicket.KeyItem] = key;
            return ticket;
        }
        catch (CryptographicException ex)
        {
            // Keys rotated away or data tampered with: treat as no session.
            Log.TicketUnreadable(logger, ex);
            return null;
        }
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(key))
        {
            return;
        }

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

    /// <summary>The protected bytes of a ticket, as stored (for size measurements).</summary>
    internal byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(Strip(ticket)));

    private async Task WriteAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var bytes = Protect(ticket);
        var expires = ticket.Properties.ExpiresUtc ?? time.GetUtcNow().AddHours(1);
        try
        {
            await cache.SetAsync(KeyPrefix + key, bytes, new DistributedCacheEntryOptions { AbsoluteExpiration = expires }, cancellationToken);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            Log.StoreUnavailable(logger, "write", ex);
            throw new SessionStoreUnavailableException("The session store could not be written.", ex);
        }
    }

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
