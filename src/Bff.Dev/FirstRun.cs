namespace Bff.Dev;

/// <summary>
/// The loopback services of the offline first run, started in order (each after the ones it needs) and stopped in
/// reverse order. <see cref="BffSettings"/> is everything the BFF must be told to use them.
/// </summary>
/// <remarks>
/// One more service: a class implementing <see cref="IDevService"/> (see <see cref="SampleApiService"/>), a property
/// here and one line in <see cref="StartAsync"/>, after the services it depends on.
/// </remarks>
public sealed class FirstRun : IAsyncDisposable
{
    private readonly List<IDevService> _services = [];

    private FirstRun()
    {
    }

    /// <summary>The Stytch emulator the BFF talks to.</summary>
    public StytchEmulatorService Stytch { get; private set; } = null!;

    /// <summary>The demo upstream behind <c>/api/**</c>.</summary>
    public SampleApiService SampleApi { get; private set; } = null!;

    /// <summary>The sample third-party app that connects through the BFF's consent page.</summary>
    public SampleConnectedAppService SampleConnectedApp { get; private set; } = null!;

    /// <summary>Every started service, in start order.</summary>
    public IReadOnlyList<IDevService> Services => _services;

    /// <summary>The settings of every service, for the BFF's configuration (a later service's key wins).</summary>
    public IReadOnlyDictionary<string, string?> BffSettings
    {
        get
        {
            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var service in _services)
            {
                foreach (var (key, value) in service.BffSettings)
                {
                    settings[key] = value;
                }
            }

            return settings;
        }
    }

    public static async Task<FirstRun> StartAsync(CancellationToken ct = default)
    {
        var run = new FirstRun();
        try
        {
            run.Stytch = await run.AddAsync(StytchEmulatorService.StartAsync(ct));
            run.SampleApi = await run.AddAsync(SampleApiService.StartAsync(run.Stytch, ct));
            run.SampleConnectedApp = await run.AddAsync(SampleConnectedAppService.StartAsync(run.Stytch, ct));
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Points the emulator's Authorization URL (discovery's <c>authorization_endpoint</c>) at the consent page of the BFF
    /// at <paramref name="bffPublicOrigin"/> (<c>Bff:PublicOrigin</c>), where Connected Apps send their users.
    /// </summary>
    public void UseConsentPageOf(Uri bffPublicOrigin) => Stytch.UseConsentPageOf(bffPublicOrigin);

    /// <summary>Tells the developer about every service, in start order.</summary>
    public void LogStarted(ILogger logger)
    {
        foreach (var service in _services)
        {
            service.LogStarted(logger);
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _services.Count - 1; i >= 0; i--)
        {
            await _services[i].DisposeAsync();
        }

        _services.Clear();
    }

    private async Task<T> AddAsync<T>(Task<T> starting)
        where T : IDevService
    {
        var service = await starting;
        _services.Add(service);
        return service;
    }
}
