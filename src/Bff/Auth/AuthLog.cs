namespace Bff.Auth;

internal static partial class AuthLog
{
    [LoggerMessage(EventId = 4001, EventName = "StytchSessionRevokeFailed", Level = LogLevel.Warning,
        Message = "Logout of user {StytchUserId}: Stytch did not revoke the session ({Reason}, request_id={StytchRequestId}); the BFF session is deleted anyway")]
    public static partial void StytchRevokeFailed(ILogger logger, string stytchUserId, string reason, string? stytchRequestId);
}
