namespace Stytch.Emulator.OAuth;

internal static partial class OAuthLog
{
    [LoggerMessage(EventId = 3001, EventName = "OAuthProviderContinued", Level = LogLevel.Information,
        Message = "Simulated {Provider} sign-in for {Email} (user {UserId}, created: {UserCreated}); redirecting to the app")]
    public static partial void ProviderContinued(ILogger logger, string provider, string email, string userId, bool userCreated);
}
