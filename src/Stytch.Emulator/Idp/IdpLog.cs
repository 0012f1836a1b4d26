namespace Stytch.Emulator.Idp;

/// <summary>IdP events: ids, client ids and scopes only, never a code, token or session credential.</summary>
internal static partial class IdpLog
{
    [LoggerMessage(EventId = 4101, EventName = "ConnectedAppAuthorized", Level = LogLevel.Information,
        Message = "User {UserId} authorized Connected App {ClientId} for \"{Scopes}\" (consent required: {ConsentRequired}); code issued")]
    public static partial void Authorized(ILogger logger, string userId, string clientId, string scopes, bool consentRequired);

    [LoggerMessage(EventId = 4102, EventName = "ConnectedAppConsentDenied", Level = LogLevel.Information,
        Message = "User {UserId} denied consent to Connected App {ClientId}; redirecting with error=access_denied")]
    public static partial void ConsentDenied(ILogger logger, string userId, string clientId);
}
