using System.Net;
using System.Net.Sockets;
using Bff.Dev;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Sample.ConnectedApp;
using Stytch.Emulator;

namespace Bff.BrowserTests.Infrastructure;

/// <summary>
/// What a browser needs: the BFF on real Kestrel at <c>http://localhost:PORT</c> (Chromium treats localhost as a
/// secure context, so the <c>__Host-</c> Secure cookie works without a certificate) and the Stytch emulator on its
/// own loopback port. Both listen on loopback only.
/// </summary>
public sealed class LiveApp : IAsyncDisposable
{
    private readonly LiveBffFactory _bff;
    private readonly IAsyncDisposable _stytch;
    private bool OwnsSampleConnectedApp { get; init; } = true;

    private LiveApp(LiveBffFactory bff, Uri baseUrl, EmulatorHost emulator, IAsyncDisposable stytch)
    {
        _bff = bff;
        BaseUrl = baseUrl;
        Emulator = emulator;
        _stytch = stytch;
    }

    /// <summary>The SPA's origin, e.g. http://localhost:41234/.</summary>
    public Uri BaseUrl { get; }

    public EmulatorHost Emulator { get; }

    public IServiceProvider Services => _bff.Services;

    /// <summary>The sample third-party app, when started (<see cref="StartWithSampleConnectedAppAsync"/>, or by the first run).</summary>
    public SampleConnectedAppHost? SampleConnectedApp { get; private init; }

    /// <summary>The consent page, as the emulator's discovery document advertises it.</summary>
    public Uri AuthorizationUrl => new(BaseUrl, "oauth/authorize");

    /// <summary>
    /// <see cref="StartAsync"/>, with the emulator's Authorization URL pointed at this BFF's consent page, and the sample
    /// Connected App (src/Sample.ConnectedApp) on its own loopback port, registered with the emulator as a confidential
    /// third-party client for its redirect URI.
    /// </summary>
    public static async Task<LiveApp> StartWithSampleConnectedAppAsync(CancellationToken ct)
    {
        var app = await StartAsync(ct);
        try
        {
            app.Emulator.SetAuthorizationUrl(app.AuthorizationUrl);
            var sample = await SampleConnectedAppHost.StartAsync(
                new SampleConnectedAppSettings { Issuer = app.Emulator.BaseUrl },
                (redirectUri, _) => Task.FromResult(RegisterSampleApp(app.Emulator, redirectUri)),
                cancellationToken: ct);
            return new LiveApp(app._bff, app.BaseUrl, app.Emulator, app._stytch) { SampleConnectedApp = sample };
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static ClientRegistration RegisterSampleApp(EmulatorHost emulator, Uri redirectUri)
    {
        var registered = emulator.RegisterConnectedApp(new ConnectedAppClient
        {
            ClientType = "third_party",
            Name = "Sample third-party app",
            Description = "The BFF's sample Connected App: it shows who it is connected as, and when its access is revoked.",
            RedirectUrls = [redirectUri.AbsoluteUri],
        });
        return new ClientRegistration(registered.ClientId, registered.ClientSecret, redirectUri);
    }

    /// <summary>The BFF (environment Testing) configured for an emulator the test starts and controls.</summary>
    public static async Task<LiveApp> StartAsync(CancellationToken ct)
    {
        var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), EmulatorHost.AnyFreePort, ct);
        try
        {
            var (bff, baseUrl) = StartBff("Testing", new Dictionary<string, string?>
            {
                ["Stytch:ProjectId"] = emulator.Options.ProjectId,
                ["Stytch:Secret"] = emulator.Options.Secret,
                ["Stytch:BaseUrl"] = emulator.BaseUrl.AbsoluteUri,
                ["Stytch:PublicToken"] = emulator.Options.PublicToken,
            });
            return new LiveApp(bff, baseUrl, emulator, emulator);
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// What <c>dotnet run --project src/Bff.Dev</c> starts on a fresh machine: the dev host's loopback services (the
    /// emulator, the demo API) and the BFF in Development configured with their settings only.
    /// </summary>
    public static async Task<LiveApp> StartFirstRunAsync(CancellationToken ct)
    {
        var firstRun = await FirstRun.StartAsync(ct);
        try
        {
            var (bff, baseUrl) = StartBff("Development", new Dictionary<string, string?>(firstRun.BffSettings));
            firstRun.UseConsentPageOf(baseUrl); // as the dev host does with Bff:PublicOrigin
            return new LiveApp(bff, baseUrl, firstRun.Stytch.Host, firstRun) { SampleConnectedApp = firstRun.SampleConnectedApp.Host, OwnsSampleConnectedApp = false };
        }
        catch
        {
            await firstRun.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (SampleConnectedApp is not null && OwnsSampleConnectedApp)
        {
            await SampleConnectedApp.DisposeAsync();
        }

        await _bff.DisposeAsync();
        await _stytch.DisposeAsync();
    }

    private static (LiveBffFactory Bff, Uri BaseUrl) StartBff(string environment, Dictionary<string, string?> settings)
    {
        // The public origin (CSRF Origin allow-list, login redirect URLs) must name the port, so the port is chosen
        // first; another process could take it in between, hence a few attempts.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            settings["Bff:PublicOrigin"] = $"http://localhost:{port}";
            var bff = new LiveBffFactory(environment, settings);
            bff.UseKestrel(kestrel => kestrel.ListenLocalhost(port));
            try
            {
                bff.StartServer();
            }
            catch (Exception) when (attempt < 3) // e.g. the port was taken meanwhile; a real start-up error repeats and surfaces
            {
                bff.Dispose();
                continue;
            }

            var address = bff.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
                .Select(a => new Uri(a))
                .First(a => a.IsLoopback);
            return (bff, new Uri($"http://localhost:{address.Port}/"));
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
