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

/// <summary>What ending all sessions of a user did: each session, and whether Stytch confirmed it.</summary>
public sealed record SessionRevocationResult(IReadOnlyList<RevokedSession> Sessions)
{
    /// <summary>Sessions Stytch did not confirm (an outage): ended in the BFF, still alive at Stytch until they expire.</summary>
    public int StytchFailures => Sessions.Count(s => !s.RevokedAtStytch);
}

/// <summary>One ended session. <paramref name="StytchRequestId"/> is Stytch's request_id for its revoke call, when Stytch answered.</summary>
public sealed record RevokedSession(string SessionId, bool RevokedAtStytch, string? StytchRequestId);
