namespace Stytch.Emulator.ConnectedApps;

internal static partial class ConnectedAppLog
{
    /// <summary>Never the secret: only whether there is one.</summary>
    [LoggerMessage(EventId = 4001, EventName = "ConnectedAppRegistered", Level = LogLevel.Information,
        Message = "Registered Connected App {ClientId} ({ClientType}, \"{ClientName}\", confidential: {Confidential})")]
    public static partial void Registered(ILogger logger, string clientId, string clientType, string clientName, bool confidential);
}
