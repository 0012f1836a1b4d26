namespace Bff.Sessions;

/// <summary>What ending all sessions of a user did: each session, and whether Stytch confirmed it.</summary>
public sealed record SessionRevocationResult(IReadOnlyList<RevokedSession> Sessions)
{
    /// <summary>Sessions Stytch did not confirm (an outage): ended in the BFF, still alive at Stytch until they expire.</summary>
    public int StytchFailures => Sessions.Count(s => !s.RevokedAtStytch);
}

/// <summary>One ended session. <paramref name="StytchRequestId"/> is Stytch's request_id for its revoke call, when Stytch answered.</summary>
public sealed record RevokedSession(string SessionId, bool RevokedAtStytch, string? StytchRequestId);
