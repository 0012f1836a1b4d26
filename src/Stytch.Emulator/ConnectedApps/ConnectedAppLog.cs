namespace Stytch.Emulator.ConnectedApps;

internal static partial class ConnectedAppLog
{
    /// <summary>Never the secret (only whether there is one), nor the caller's free text (name, description).</summary>
    [LoggerMessage(EventId = 4001, EventName = "ConnectedAppRegistered", Level = LogLevel.Information,
        Message = "Registered Connected App {ClientId} ({ClientType}, confidential: {Confidential})")]
    public static partial void Registered(ILogger logger, string clientId, string clientType, bool confidential);
}
