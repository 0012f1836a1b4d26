using Bff.Stytch;

namespace Bff.Sessions;

/// <summary>
/// Ends every session of a user, on every instance: the BFF sessions are deleted from the shared store (so no cookie
/// works any more, immediately), then each Stytch session is revoked at Stytch. For "log out everywhere" and operators
/// (resolve it from a scope, e.g. <c>app.Services.CreateScope()</c>, and call it for a compromised account).
/// </summary>
public interface ISessionRevocation
{
    /// <exception cref="SessionStoreUnavailableException">The session store could not be reached; nothing was revoked at Stytch.</exception>
    Task<SessionRevocationResult> RevokeUserSessionsAsync(StytchUserId userId, CancellationToken ct);
}
