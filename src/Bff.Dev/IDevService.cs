namespace Bff.Dev;

/// <summary>
/// One service the first run starts on a loopback port beside the BFF (the Stytch emulator, the demo API, …): what the
/// BFF must be told to use it, and what the developer is told about it. Disposing it stops it.
/// </summary>
public interface IDevService : IAsyncDisposable
{
    /// <summary>Configuration keys and values that point the BFF at this service, e.g. <c>Stytch:BaseUrl</c>.</summary>
    IReadOnlyDictionary<string, string?> BffSettings { get; }

    /// <summary>Says where the service is and what it is for; logged before the BFF starts.</summary>
    void LogStarted(ILogger logger);
}
