using Bff.Hosting;

namespace Bff.Me;

/// <summary>
/// Consent grants, denials and revocations are audit events, logged under <see cref="AuditLog.Category"/>.
/// </summary>
public static partial class ConnectedAppAudit
{
    [LoggerMessage(EventId = 9001, EventName = "ConnectedAppRevoked", Level = LogLevel.Information,
        Message = "Audit: user {StytchUserId} revoked Connected App {ConnectedAppId}: {Outcome} (request_id={StytchRequestId})")]
    public static partial void Revoked(ILogger logger, string stytchUserId, string connectedAppId, string outcome, string? stytchRequestId);

    [LoggerMessage(EventId = 9002, EventName = "ConnectedAppRevokeFailed", Level = LogLevel.Warning,
        Message = "Audit: user {StytchUserId} failed to revoke Connected App {ConnectedAppId}: {Outcome} (request_id={StytchRequestId})")]
    public static partial void RevokeFailed(ILogger logger, string stytchUserId, string connectedAppId, string outcome, string? stytchRequestId);

    // The authorization events name the client and the scopes requested, never the redirect URI (its query carries the
    // authorization code), state, nonce or code_challenge.
    [LoggerMessage(EventId = 9011, EventName = "ConnectedAppAuthorized", Level = LogLevel.Information,
        Message = "Audit: user {StytchUserId} authorized Connected App {ConnectedAppId} for scopes '{Scopes}' (request_id={StytchRequestId})")]
    public static partial void Authorized(ILogger logger, string stytchUserId, string connectedAppId, string scopes, string stytchRequestId);

    [LoggerMessage(EventId = 9012, EventName = "ConnectedAppConsentDenied", Level = LogLevel.Information,
        Message = "Audit: user {StytchUserId} denied Connected App {ConnectedAppId} the scopes '{Scopes}': {Outcome} (request_id={StytchRequestId})")]
    public static partial void ConsentDenied(ILogger logger, string stytchUserId, string connectedAppId, string scopes, string outcome, string stytchRequestId);

    [LoggerMessage(EventId = 9013, EventName = "ConnectedAppAuthorizeFailed", Level = LogLevel.Warning,
        Message = "Audit: user {StytchUserId} failed to authorize Connected App {ConnectedAppId} for scopes '{Scopes}': {Outcome} (request_id={StytchRequestId})")]
    public static partial void AuthorizeFailed(ILogger logger, string stytchUserId, string connectedAppId, string scopes, string outcome, string? stytchRequestId);
}
