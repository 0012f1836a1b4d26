using Bff.Development;
using Sample.ConnectedApp;
using Stytch.Emulator;

namespace Bff.Dev;

/// <summary>
/// The sample third-party app (src/Sample.ConnectedApp) on its own loopback port, registered with the emulator as a
/// confidential <c>third_party</c> Connected App for its redirect URI, so the first run shows the whole Connected Apps
/// lifecycle: connect through the BFF's consent page, use, revoke, lose access. The demo SPA links to it from the
/// Connected apps page (<c>Development:SampleConnectedAppUrl</c>).
/// </summary>
public sealed class SampleConnectedAppService(SampleConnectedAppHost host) : IDevService
{
    public const string Name = "Sample third-party app";

    public SampleConnectedAppHost Host { get; } = host;

    public IReadOnlyDictionary<string, string?> BffSettings => new Dictionary<string, string?>
    {
        [$"{DevelopmentOptions.SectionName}:{nameof(DevelopmentOptions.SampleConnectedAppUrl)}"] = Host.BaseAddress.AbsoluteUri,
    };

    public static async Task<SampleConnectedAppService> StartAsync(StytchEmulatorService stytch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stytch);
        var host = await SampleConnectedAppHost.StartAsync(
            new SampleConnectedAppSettings { Issuer = stytch.BaseUrl, DisplayName = Name },
            (redirectUri, _) => Task.FromResult(Register(stytch.Host, redirectUri)),
            cancellationToken: ct);
        return new SampleConnectedAppService(host);
    }

    public void LogStarted(ILogger logger) => DevHostLog.SampleConnectedApp(logger, Host.BaseAddress.AbsoluteUri, Host.Client.ClientId);

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private static ClientRegistration Register(EmulatorHost emulator, Uri redirectUri)
    {
        var registered = emulator.RegisterConnectedApp(new ConnectedAppClient
        {
            ClientType = "third_party",
            Name = Name,
            Description = "The BFF's sample Connected App (src/Sample.ConnectedApp): it shows who it is connected as, and when its access has been revoked.",
            RedirectUrls = [redirectUri.AbsoluteUri],
        });
        return new ClientRegistration(registered.ClientId, registered.ClientSecret, redirectUri);
    }
}
