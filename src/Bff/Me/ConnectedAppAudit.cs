namespace Bff.Me;

/// <summary>
/// Consent revocations are audit events, logged under the category <c>Bff.Audit</c> so an operator can route them to
/// their own sink (e.g. a Serilog sub-logger filtered on SourceContext = 'Bff.Audit').
/// </summary>
public static partial class ConnectedAppAudit
{
    public const string Category = "Bff.Audit";

    [LoggerMessage(EventId = 9001, EventName = "ConnectedAppRevoked", Level = LogLevel.Information,
        Message = "Audit: user {StytchUserId} revoked Connected App {ConnectedAppId}: {Outcome} (request_id={StytchRequestId})")]
    public static partial void Revoked(ILogger logger, string stytchUserId, string connectedAppId, string outcome, string? stytchRequestId);

    [LoggerMessage(EventId = 9002, EventName = "ConnectedAppRevokeFailed", Level = LogLevel.Warning,
        Message = "Audit: user {StytchUserId} failed to revoke Connected App {ConnectedAppId}: {Outcome} (request_id={StytchRequestId})")]
    public static partial void RevokeFailed(ILogger logger, string stytchUserId, string connectedAppId, string outcome, string? stytchRequestId);
}
