using Bff.Hosting;
using Bff.Stytch;

namespace Bff.Sessions;

/// <inheritdoc cref="ISessionRevocation"/>
public sealed partial class SessionRevocation(
    ISessionIndex index,
    DistributedTicketStore store,
    SessionRefresher refresher,
    StytchClient stytch,
    ILoggerFactory loggers) : ISessionRevocation
{
    private const int MaxParallelStytchCalls = 4;

    public async Task<SessionRevocationResult> RevokeUserSessionsAsync(StytchUserId userId, CancellationToken ct)
    {
        var sessions = await index.ListAsync(userId, ct);

        // First the BFF: once the tickets are gone no instance accepts these cookies, whatever Stytch says next.
        foreach (var session in sessions)
        {
            await store.RemoveAsync(session, ct);
            refresher.Forget(session.Key);
        }

        // Then Stytch, a few calls at a time. A session Stytch no longer knows counts as revoked.
        var revoked = new RevokedSession[sessions.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelStytchCalls, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions.Count), parallel, async (i, token) =>
        {
            var sessionId = sessions[i].SessionId;
            var result = await stytch.RevokeSessionAsync(sessionId, token);
            var ok = result.Value is not null || result.Failure!.Is("session_not_found");
            revoked[i] = new RevokedSession(sessionId, ok, result.Value?.RequestId ?? result.Failure?.RequestId);
        });

        var outcome = new SessionRevocationResult(revoked);
        var audit = loggers.CreateLogger(AuditLog.Category);
        if (outcome.StytchFailures == 0)
        {
            Log.Revoked(audit, userId.Value, sessions.Count);
        }
        else
        {
            Log.RevokedPartly(audit, userId.Value, sessions.Count, outcome.StytchFailures);
        }

        return outcome;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9101, EventName = "UserSessionsRevoked", Level = LogLevel.Information,
            Message = "Audit: all {SessionCount} sessions of user {StytchUserId} ended in the BFF and revoked at Stytch")]
        public static partial void Revoked(ILogger logger, string stytchUserId, int sessionCount);

        [LoggerMessage(EventId = 9102, EventName = "UserSessionsRevokedPartly", Level = LogLevel.Warning,
            Message = "Audit: all {SessionCount} sessions of user {StytchUserId} ended in the BFF; Stytch did not confirm {StytchFailures} of them (they expire there by themselves)")]
        public static partial void RevokedPartly(ILogger logger, string stytchUserId, int sessionCount, int stytchFailures);
    }
}
