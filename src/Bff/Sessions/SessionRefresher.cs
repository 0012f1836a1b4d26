using System.Collections.Concurrent;
using Bff.Stytch;
using Bff.Telemetry;
using Microsoft.AspNetCore.Authentication;

namespace Bff.Sessions;

/// <summary>The outcome of asking Stytch whether a session is still alive.</summary>
public abstract record RefreshOutcome
{
    private RefreshOutcome()
    {
    }

    public sealed record Refreshed(string SessionToken, string SessionJwt, DateTimeOffset? StytchExpiresAt, DateTimeOffset At) : RefreshOutcome
    {
        /// <summary>Records print every member; this one holds the session token and JWT.</summary>
        public override string ToString() => $"Refreshed {{ At = {At:O} }}";
    }

    /// <summary>Stytch no longer knows the session (revoked or expired there).</summary>
    public sealed record Ended(StytchFailure Failure) : RefreshOutcome;

    /// <summary>Stytch could not answer; the session is kept and the request fails (502/504), never a logout.</summary>
    public sealed record Failed(StytchFailure Failure) : RefreshOutcome;
}

/// <summary>
/// Keeps sessions in step with Stytch with at most one <c>sessions/authenticate</c> per session at a time: parallel
/// requests on this instance with a stale JWT share one call (single flight), requests that loaded the ticket just before
/// it was refreshed reuse the answer instead of calling again, and across instances the one that claims the session
/// (<see cref="ISessionPeers.TryClaimRefreshAsync"/>) asks Stytch while the others wait for its answer in the store.
/// </summary>
public sealed partial class SessionRefresher(DistributedTicketStore store, TimeProvider time, BffMetrics metrics, ILogger<SessionRefresher> logger, ISessionPeers? peers = null)
{
    private static readonly TimeSpan ReuseWindow = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, Flight> _flights = new(StringComparer.Ordinal);
    private readonly ISessionPeers _peers = peers ?? new NoSessionPeers();

    /// <summary>
    /// Brings the ticket up to date, in place, calling Stytch only when needed and at most once per session at a time;
    /// the Stytch client is created only when Stytch is asked (most requests never need it).
    /// </summary>
    public async Task<RefreshOutcome?> EnsureFreshAsync(AuthenticationTicket ticket, BffSession session, TimeSpan maxStaleness, Func<StytchClient> stytch)
    {
        var now = time.GetUtcNow();
        if (session.Key is not { } key)
        {
            return null;
        }

        // Another request on this instance refreshed this session moments ago: reuse its answer.
        if (_flights.TryGetValue(key, out var recent) && recent.Task.IsCompletedSuccessfully
            && recent.Task.Result is RefreshOutcome.Refreshed done && now - done.At < Min(ReuseWindow, maxStaleness) && done.At > session.ValidatedAt)
        {
            SessionTicket.Apply(ticket.Properties, done.SessionToken, done.SessionJwt, done.StytchExpiresAt, done.At);
            return done;
        }

        if (!session.NeedsStytchCheck(now, maxStaleness))
        {
            return null;
        }

        var flight = _flights.AddOrUpdate(
            key,
            _ => new Flight(now),
            (_, existing) => existing.Task.IsCompleted ? new Flight(now) : existing);

        if (flight.TryClaim())
        {
            Log.Refreshing(logger, session.UserId.Value);
            _ = RunAsync(flight, key, ticket, maxStaleness, stytch());
            Sweep(now);
        }

        var outcome = await flight.Task;
        if (outcome is RefreshOutcome.Refreshed refreshed)
        {
            SessionTicket.Apply(ticket.Properties, refreshed.SessionToken, refreshed.SessionJwt, refreshed.StytchExpiresAt, refreshed.At);
        }

        return outcome;
    }

    /// <summary>Forgets a session (at logout), so no later request reuses its last answer.</summary>
    public void Forget(string key) => _flights.TryRemove(key, out _);

    private async Task RunAsync(Flight flight, string key, AuthenticationTicket ticket, TimeSpan maxStaleness, StytchClient stytch)
    {
        var claimed = false;
        try
        {
            var session = SessionTicket.Read(ticket)!;

            // Across instances: one asks Stytch, the others wait for it and read its answer from the store.
            claimed = await _peers.TryClaimRefreshAsync(key, CancellationToken.None);
            if (!claimed)
            {
                await _peers.WaitForRefreshAsync(key, CancellationToken.None);
            }

            if (await AnsweredInStoreAsync(key, session, maxStaleness) is { } answered)
            {
                flight.Complete(answered);
                return;
            }

            // Not bound to the first caller's request: if that browser goes away, the others still get the answer.
            var result = await stytch.AuthenticateSessionAsync(session.SessionToken, CancellationToken.None);
            var at = time.GetUtcNow();
            if (result.Value is { } ok)
            {
                var copy = new AuthenticationTicket(ticket.Principal, ticket.Properties.Clone(), ticket.AuthenticationScheme);
                SessionTicket.Apply(copy.Properties, ok.SessionToken, ok.SessionJwt, ok.Session.ExpiresAt, at);
                await store.RenewAsync(key, copy);
                metrics.SessionRefreshed();
                flight.Complete(new RefreshOutcome.Refreshed(ok.SessionToken, ok.SessionJwt, ok.Session.ExpiresAt, at));
            }
            else if (result.Failure is { } failure && failure.Is("session_not_found"))
            {
                Log.SessionEndedAtStytch(logger, session.UserId.Value, failure.RequestId);
                await store.RemoveAsync(key);
                metrics.SessionEndedAtStytch();
                flight.Complete(new RefreshOutcome.Ended(failure));
            }
            else
            {
                metrics.SessionRefreshFailed(result.Failure);
                flight.Complete(new RefreshOutcome.Failed(result.Failure!));
            }
        }
        catch (Exception ex)
        {
            metrics.SessionRefreshFailed(null);
            flight.Fail(ex);
        }
        finally
        {
            if (claimed)
            {
                await ReleaseAsync(key);
            }
        }
    }

    /// <summary>
    /// The session as the store has it now, when that already answers the question: gone (ended at Stytch or logged out
    /// by another request or instance), or refreshed by another instance since this request loaded it. Null: ask Stytch.
    /// </summary>
    private async Task<RefreshOutcome?> AnsweredInStoreAsync(string key, BffSession loaded, TimeSpan maxStaleness)
    {
        if (_peers is NoSessionPeers)
        {
            return null; // one instance: its single flight is the whole story
        }

        var stored = await store.ReadThroughAsync(key, CancellationToken.None);
        if (SessionTicket.Read(stored) is not { } current)
        {
            return new RefreshOutcome.Ended(new StytchFailure(StytchFailureKind.ApiError, StatusCodes.Status404NotFound, ErrorType: "session_not_found",
                ErrorMessage: "The session has ended."));
        }

        return current.ValidatedAt > loaded.ValidatedAt && !current.NeedsStytchCheck(time.GetUtcNow(), maxStaleness)
            ? new RefreshOutcome.Refreshed(current.SessionToken, current.SessionJwt, current.StytchExpiresAt, current.ValidatedAt)
            : null;
    }

    private async Task ReleaseAsync(string key)
    {
        try
        {
            await _peers.ReleaseRefreshAsync(key);
        }
        catch (SessionStoreUnavailableException)
        {
            // The claim lapses by itself.
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void Sweep(DateTimeOffset now)
    {
        if (_flights.Count < 1024)
        {
            return;
        }

        foreach (var (key, flight) in _flights)
        {
            if (flight.Task.IsCompleted && now - flight.StartedAt >= ReuseWindow)
            {
                _flights.TryRemove(new KeyValuePair<string, Flight>(key, flight));
            }
        }
    }

    private sealed class Flight(DateTimeOffset startedAt)
    {
        private readonly TaskCompletionSource<RefreshOutcome> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _claimed;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public Task<RefreshOutcome> Task => _tcs.Task;

        public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

        public void Complete(RefreshOutcome outcome) => _tcs.TrySetResult(outcome);

        public void Fail(Exception ex) => _tcs.TrySetException(ex);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, EventName = "SessionRefreshing", Level = LogLevel.Debug, Message = "Checking the session of user {StytchUserId} with Stytch")]
        public static partial void Refreshing(ILogger logger, string stytchUserId);

        [LoggerMessage(EventId = 3102, EventName = "SessionEndedAtStytch", Level = LogLevel.Information, Message = "Stytch no longer knows the session of user {StytchUserId} (request_id={StytchRequestId}); it is deleted")]
        public static partial void SessionEndedAtStytch(ILogger logger, string stytchUserId, string? stytchRequestId);
    }
}
