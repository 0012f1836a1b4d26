using Bff.Stytch;
using Sample.Api;
using Stytch.Emulator;

namespace Bff.Development;

public static class DevelopmentEmulatorExtensions
{
    /// <summary>Set to <c>false</c> to never start the emulator, e.g. to see the start-up error for missing settings.</summary>
    public const string SwitchKey = StytchOptions.SectionName + ":Emulator";

    /// <summary>The demo route's destination in appsettings.json (ReverseProxy section).</summary>
    public const string SampleApiAddressKey = "ReverseProxy:Clusters:sample-api:Destinations:sample-api-1:Address";

    private static readonly string[] StytchKeys =
        [nameof(StytchOptions.ProjectId), nameof(StytchOptions.Secret), nameof(StytchOptions.BaseUrl), nameof(StytchOptions.PublicToken)];

    /// <summary>
    /// The first run: in Development, when no Stytch project is configured at all (none of Stytch:ProjectId, Secret,
    /// BaseUrl, PublicToken) and <c>Stytch:Emulator</c> is not <c>false</c>, starts the Stytch emulator in-process
    /// on a free loopback port and points the Stytch settings at it, and the demo API (src/Sample.Api) for the
    /// <c>/api/**</c> demo route. In every other case it does nothing, so outside
    /// Development missing credentials still fail start-up with the validator's message; a half-configured real
    /// project is never silently replaced by the emulator either.
    /// </summary>
    public static async Task<WebApplicationBuilder> AddDevelopmentEmulatorAsync(this WebApplicationBuilder builder, CancellationToken ct = default)
    {
        builder.Services.AddHostedService<DevelopmentBanner>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(DevelopmentJsonContext.Default));
        if (!ShouldStart(builder.Environment, builder.Configuration))
        {
            return builder;
        }

        var host = await StartEmulatorAsync(ct);
        var sampleApi = await StartSampleApiAsync(host, ct);
        var emulator = new DevelopmentEmulator(host, sampleApi);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SampleApiAddressKey] = sampleApi.BaseAddress.AbsoluteUri,
            [$"{StytchOptions.SectionName}:{nameof(StytchOptions.ProjectId)}"] = host.Options.ProjectId,
            [$"{StytchOptions.SectionName}:{nameof(StytchOptions.Secret)}"] = host.Options.Secret,
            [$"{StytchOptions.SectionName}:{nameof(StytchOptions.BaseUrl)}"] = host.BaseUrl.AbsoluteUri,
            [$"{StytchOptions.SectionName}:{nameof(StytchOptions.PublicToken)}"] = host.Options.PublicToken,
        });

        // A factory registration: once resolved (the start-up banner does it) the container owns the instance and
        // disposes it, stopping the emulator, after the server. If start-up fails earlier, the process ends anyway.
        builder.Services.AddSingleton(_ => emulator);
        return builder;
    }

    /// <summary>
    /// Starts the emulator outside the caller's execution context. Tools that run Program.cs to get the BFF's host
    /// (WebApplicationFactory, dotnet-ef, build-time OpenAPI) take the first host built in that context for the app's;
    /// the emulator's own host, built first, must not be mistaken for it.
    /// </summary>
    private static Task<EmulatorHost> StartEmulatorAsync(CancellationToken ct)
    {
        using (ExecutionContext.SuppressFlow())
        {
            // The BFF's own lines say where everything is; the emulator's host lifetime lines would only repeat them.
            return Task.Run(
                () => EmulatorHost.StartAsync(
                    new EmulatorOptions(), b => b.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning), EmulatorHost.AnyFreePort, ct),
                ct);
        }
    }

    /// <summary>The demo API, verifying the emulator's JWTs; started outside the caller's context, like the emulator.</summary>
    private static async Task<SampleApiHost> StartSampleApiAsync(EmulatorHost emulator, CancellationToken ct)
    {
        Task<SampleApiHost> start;
        using (ExecutionContext.SuppressFlow())
        {
            start = Task.Run(() => SampleApiHost.StartAsync(emulator.BaseUrl, emulator.Options.ProjectId, cancellationToken: ct), ct);
        }

        try
        {
            return await start;
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Development, not switched off, and not a single Stytch setting present.</summary>
    public static bool ShouldStart(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment()
        && !IsSwitchedOff(configuration[SwitchKey])
        && StytchKeys.All(key => string.IsNullOrWhiteSpace(configuration[$"{StytchOptions.SectionName}:{key}"]));

    private static bool IsSwitchedOff(string? value) =>
        value is not null && (value.Trim().ToUpperInvariant() is "FALSE" or "0" or "OFF" or "NO" or "DISABLED");
}
