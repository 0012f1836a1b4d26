namespace Sample.ConnectedApp;

/// <summary>The app's log events. Never a token, code, state, verifier or secret.</summary>
internal static partial class SampleLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Authorization request started for client {ClientId}")]
    public static partial void AuthorizationStarted(ILogger logger, string clientId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Callback refused: {Reason}")]
    public static partial void CallbackRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The code exchange failed: HTTP {Status} {Error}")]
    public static partial void CodeExchangeFailed(ILogger logger, int status, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Userinfo failed: HTTP {Status} {Error}")]
    public static partial void UserInfoFailed(ILogger logger, int status, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Client {ClientId} connected for user {UserId}")]
    public static partial void Connected(ILogger logger, string clientId, string userId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Client {ClientId} checked its access: {Verdict}")]
    public static partial void Checked(ILogger logger, string clientId, AccessVerdict verdict);
}
