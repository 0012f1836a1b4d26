using Bff.Stytch;

namespace Bff.Sessions;

/// <summary>
/// Which sessions a Stytch user has, so all of them can be ended at once ("log out everywhere", operators). Written by
/// <see cref="DistributedTicketStore"/> whenever it stores, renews or removes a session; entries disappear by themselves
/// when their session expires. A store failure is a <see cref="SessionStoreUnavailableException"/>.
/// </summary>
public interface ISessionIndex
{
    /// <summary>Adds the session or moves its expiry; drops the user's expired entries.</summary>
    Task AddAsync(IndexedSession session, CancellationToken ct);

    Task RemoveAsync(IndexedSession session, CancellationToken ct);

    /// <summary>The user's sessions that have not expired.</summary>
    Task<IReadOnlyList<IndexedSession>> ListAsync(StytchUserId userId, CancellationToken ct);
}

/// <summary>One entry of the <see cref="ISessionIndex"/>: the BFF session key and the Stytch session it holds.</summary>
public sealed record IndexedSession(StytchUserId UserId, string Key, string SessionId, DateTimeOffset ExpiresAt)
{
    /// <summary>Never prints the session key: it is the cookie's value.</summary>
    public override string ToString() => $"IndexedSession {{ UserId = {UserId}, SessionId = {SessionId}, ExpiresAt = {ExpiresAt:O} }}";
}
