using Bff.Stytch;

namespace Bff.Sessions;

/// <summary>One entry of the <see cref="ISessionIndex"/>: the BFF session key and the Stytch session it holds.</summary>
public sealed record IndexedSession(StytchUserId UserId, string Key, string SessionId, DateTimeOffset ExpiresAt)
{
    /// <summary>Never prints the session key: it is the cookie's value.</summary>
    public override string ToString() => $"IndexedSession {{ UserId = {UserId}, SessionId = {SessionId}, ExpiresAt = {ExpiresAt:O} }}";
}
