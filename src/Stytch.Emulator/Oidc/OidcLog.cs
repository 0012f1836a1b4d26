namespace Stytch.Emulator.Oidc;

/// <summary>Token events: client ids, user ids, grant types, scopes and OAuth error codes only; never a token, code or secret.</summary>
internal static partial class OidcLog
{
    [LoggerMessage(EventId = 4201, EventName = "ConnectedAppTokensIssued", Level = LogLevel.Information,
        Message = "Issued tokens to Connected App {ClientId} for user {UserId} ({GrantType}, \"{Scope}\", id token: {IdToken}, refresh token: {RefreshToken})")]
    public static partial void TokensIssued(ILogger logger, string clientId, string userId, string grantType, string scope, bool idToken, bool refreshToken);

    [LoggerMessage(EventId = 4202, EventName = "ConnectedAppTokenRefused", Level = LogLevel.Information,
        Message = "Refused a {GrantType} token request of Connected App {ClientId}: {Error}")]
    public static partial void TokenRefused(ILogger logger, string grantType, string clientId, string error);

    [LoggerMessage(EventId = 4203, EventName = "ConnectedAppTokenReplayed", Level = LogLevel.Warning,
        Message = "A used {What} of Connected App {ClientId} (user {UserId}) was presented again; every token issued from it is revoked")]
    public static partial void Replayed(ILogger logger, string what, string clientId, string userId);

    [LoggerMessage(EventId = 4204, EventName = "ConnectedAppTokenRevoked", Level = LogLevel.Information,
        Message = "Connected App {ClientId} revoked its {TokenType} (user {UserId})")]
    public static partial void Revoked(ILogger logger, string clientId, string tokenType, string userId);
}
