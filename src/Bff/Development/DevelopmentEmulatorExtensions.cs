using Bff.Stytch;
using Stytch.Emulator;

namespace Bff.Development;

public static class DevelopmentEmulatorExtensions
{
    /// <summary>Set to <c>false</c> to never start the emulator, e.g. to see the start-up error for missing settings.</summary>
    public const string SwitchKey = StytchOptions.SectionName + ":Emulator";

    private static readonly string[] StytchKeys =
        [nameof(StytchOptions.ProjectId), nameof(StytchOptions.Secret), nameof(StytchOptions.BaseUrl), nameof(StytchOptions.PublicToken)];

    /// <summary>
    /// The first run: in Development, when no Stytch project is configured at all (none of Stytch:ProjectId, Secret,
    /// BaseUrl, PublicToken) and <c>Stytch:Emulator</c> is not <c>false</c>, starts the Stytch emulator in-process
    /// on a free loopback port and points the Stytch settings at it. In every other case it does nothing, so outside
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
        var emulator = new DevelopmentEmulator(host);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
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

    /// <summary>Development, not switched off, and not a single Stytch setting present.</summary>
    public static bool ShouldStart(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment()
        && !IsSwitchedOff(configuration[SwitchKey])
        && StytchKeys.All(key => string.IsNullOrWhiteSpace(configuration[$"{StytchOptions.SectionName}:{key}"]));

    private static bool IsSwitchedOff(string? value) =>
        value is not null && (value.Trim().ToUpperInvariant() is "FALSE" or "0" or "OFF" or "NO" or "DISABLED");
}
