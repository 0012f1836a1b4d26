namespace Stytch.Emulator.Infrastructure;

internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 1001, EventName = "Unauthorized", Level = LogLevel.Information,
        Message = "Rejected {Method} {Operation}: missing or wrong Basic credentials")]
    public static partial void Unauthorized(ILogger logger, string method, string operation);

    [LoggerMessage(EventId = 1002, EventName = "FaultInjected", Level = LogLevel.Information,
        Message = "Injected fault on {Operation}: status {Status}, delay {DelayMs} ms, close {CloseConnection}, non-JSON {NonJsonBody}")]
    public static partial void FaultInjected(ILogger logger, string operation, int? status, double delayMs, bool closeConnection, bool nonJsonBody);

    [LoggerMessage(EventId = 1003, EventName = "UnhandledError", Level = LogLevel.Error,
        Message = "Unhandled error in {Operation}; answered 500 internal_server_error")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string operation);

    [LoggerMessage(EventId = 1004, EventName = "Listening", Level = LogLevel.Information,
        Message = "Stytch emulator for {ProjectId} listening on {Address} (inbox: {Address}/emulator/inbox)")]
    public static partial void Listening(ILogger logger, string projectId, string address);
}
