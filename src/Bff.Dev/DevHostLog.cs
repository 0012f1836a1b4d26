namespace Bff.Dev;

/// <summary>What the dev host tells the developer before the BFF starts (the BFF then says where the app is).</summary>
internal static partial class DevHostLog
{
    [LoggerMessage(EventId = 9002, EventName = "DevelopmentEmulatorStytch", Level = LogLevel.Warning,
        Message = "No Stytch project is configured, so the BFF talks to the built-in Stytch EMULATOR at {StytchBaseUrl} (project {StytchProjectId}). Set Stytch:ProjectId and Stytch:Secret (user-secrets of src/Bff) to use a real project, or Stytch:Emulator=false to turn this off")]
    public static partial void EmulatorStytch(ILogger logger, string stytchBaseUrl, string stytchProjectId);

    [LoggerMessage(EventId = 9006, EventName = "DevelopmentSampleApi", Level = LogLevel.Information,
        Message = "GET /api/** is forwarded with the session's JWT to the demo API (src/Sample.Api) at {SampleApiUrl}")]
    public static partial void SampleApi(ILogger logger, string sampleApiUrl);

    [LoggerMessage(EventId = 9009, EventName = "DevelopmentSampleConnectedApp", Level = LogLevel.Information,
        Message = "A sample third-party app (src/Sample.ConnectedApp, Connected App {ClientId}) is at {SampleConnectedAppUrl}: Connect it through the BFF's consent page, then revoke it on the Connected apps page")]
    public static partial void SampleConnectedApp(ILogger logger, string sampleConnectedAppUrl, string clientId);

    [LoggerMessage(EventId = 9007, EventName = "DevelopmentNoFirstRun", Level = LogLevel.Information,
        Message = "Stytch settings are present or the first run is switched off (Stytch:Emulator=false): running the BFF in {Environment} on its own settings")]
    public static partial void NoFirstRun(ILogger logger, string environment);

    [LoggerMessage(EventId = 9008, EventName = "DevelopmentNoContentRoot", Level = LogLevel.Warning,
        Message = "The BFF's project folder {ContentRoot} does not exist, so the demo SPA cannot be served: run the dev host from a source checkout")]
    public static partial void NoContentRoot(ILogger logger, string contentRoot);
}
