using Sample.Api;

namespace Bff.Dev;

/// <summary>
/// The demo API (src/Sample.Api) behind the BFF's <c>/api/**</c> demo route (the <c>sample-api</c> cluster in
/// appsettings.json): it verifies the emulator-signed session JWT the BFF forwards and echoes what it received.
/// </summary>
public sealed class SampleApiService(SampleApiHost host) : IDevService
{
    /// <summary>The demo route's destination in appsettings.json (ReverseProxy section).</summary>
    public const string AddressKey = "ReverseProxy:Clusters:sample-api:Destinations:sample-api-1:Address";

    public SampleApiHost Host { get; } = host;

    public IReadOnlyDictionary<string, string?> BffSettings => new Dictionary<string, string?>
    {
        [AddressKey] = Host.BaseAddress.AbsoluteUri,
    };

    public static async Task<SampleApiService> StartAsync(StytchEmulatorService stytch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stytch);
        return new(await SampleApiHost.StartAsync(stytch.BaseUrl, stytch.Host.Options.ProjectId, cancellationToken: ct));
    }

    public void LogStarted(ILogger logger) => DevHostLog.SampleApi(logger, Host.BaseAddress.AbsoluteUri);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
