namespace Stytch.Emulator.MagicLinks;

internal static partial class MagicLinkLog
{

    /// <summary>The dev inbox as a log line: the link is meant to be clicked by the developer.</summary>
    [LoggerMessage(EventId = 2001, EventName = "MagicLinkSent", Level = LogLevel.Information,
        Message = "Magic link for {Email} (user {UserId}, created: {UserCreated}) to {LinkTarget}: open it from the inbox at /emulator/inbox")]
    public static partial void MagicLinkSent(ILogger logger, string email, string userId, bool userCreated, Uri linkTarget);
}
