using System.Threading.Channels;
using Bff.Stytch;

namespace Bff.Auth;

/// <summary>
/// A login in a browser that already had a session ends the old BFF session (<see cref="LoginSession"/>); this revokes
/// the old session at Stytch too, in the background, so the login never waits for Stytch or fails because of it. A
/// session Stytch no longer knows counts as revoked; any other failure is logged (the session then expires at Stytch
/// by itself). Work still queued when the app stops is dropped.
/// </summary>
public sealed partial class PreviousSessionRevoker(IServiceScopeFactory scopes, ILogger<PreviousSessionRevoker> logger) : BackgroundService
{
    internal const int Capacity = 1024;

    private readonly Channel<PreviousSession> _queue = Channel.CreateBounded<PreviousSession>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    /// <summary>Queues the revoke of a session the browser had before this login. Never blocks, never throws.</summary>
    public void Enqueue(StytchUserId userId, string sessionId, string? bffRequestId)
    {
        if (!_queue.Writer.TryWrite(new PreviousSession(userId, sessionId, bffRequestId)))
        {
            Log.QueueFull(logger, userId.Value, Capacity);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var previous in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await RevokeAsync(previous, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued expires at Stytch by itself.
        }
    }

    private async Task RevokeAsync(PreviousSession previous, CancellationToken ct)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<StytchClient>().RevokeSessionAsync(previous.SessionId, ct);
            if (result.Value is not null || result.Failure!.Is("session_not_found"))
            {
                Log.Revoked(logger, previous.UserId.Value, previous.BffRequestId, result.Value?.RequestId ?? result.Failure?.RequestId);
            }
            else
            {
                var failure = result.Failure;
                Log.RevokeFailed(logger, previous.UserId.Value, previous.BffRequestId, failure.ErrorType ?? failure.Kind.ToString(), failure.RequestId);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Log.RevokeCrashed(logger, ex, previous.UserId.Value, previous.BffRequestId);
        }
    }

    private sealed record PreviousSession(StytchUserId UserId, string SessionId, string? BffRequestId)
    {
        public override string ToString() => $"PreviousSession {{ UserId = {UserId} }}";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4002, EventName = "PreviousStytchSessionRevoked", Level = LogLevel.Information,
            Message = "Re-login (BFF request {BffRequestId}): the previous Stytch session of user {StytchUserId} is revoked (request_id={StytchRequestId})")]
        public static partial void Revoked(ILogger logger, string stytchUserId, string? bffRequestId, string? stytchRequestId);

        [LoggerMessage(EventId = 4003, EventName = "PreviousStytchSessionRevokeFailed", Level = LogLevel.Warning,
            Message = "Re-login (BFF request {BffRequestId}): Stytch did not revoke the previous session of user {StytchUserId} ({Reason}, request_id={StytchRequestId}); the BFF session is ended and the new login stands")]
        public static partial void RevokeFailed(ILogger logger, string stytchUserId, string? bffRequestId, string reason, string? stytchRequestId);

        [LoggerMessage(EventId = 4004, EventName = "PreviousStytchSessionRevokeCrashed", Level = LogLevel.Error,
            Message = "Re-login (BFF request {BffRequestId}): revoking the previous Stytch session of user {StytchUserId} failed unexpectedly; the new login stands")]
        public static partial void RevokeCrashed(ILogger logger, Exception exception, string stytchUserId, string? bffRequestId);

        [LoggerMessage(EventId = 4005, EventName = "PreviousStytchSessionRevokeQueueFull", Level = LogLevel.Warning,
            Message = "Re-login: {Capacity} revokes are already waiting; the previous Stytch session of user {StytchUserId} is not revoked (it expires at Stytch by itself)")]
        public static partial void QueueFull(ILogger logger, string stytchUserId, int capacity);
    }
}
