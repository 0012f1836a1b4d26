using System.Reflection;
using Bff.Stytch;

namespace Bff.Dev;

/// <summary>
/// Runs the real BFF (src/Bff's own entry point, unchanged) in this process, in Development, after starting the first
/// run's loopback services when no Stytch project is configured. The BFF learns about them only through
/// configuration (command-line settings), exactly as it would from environment variables in production.
/// </summary>
public static class DevHost
{
    /// <summary>Set to <c>false</c> to never start the emulator, e.g. to see the start-up error for missing settings.</summary>
    public const string SwitchKey = StytchOptions.SectionName + ":Emulator";

    private static readonly string[] StytchKeys =
        [nameof(StytchOptions.ProjectId), nameof(StytchOptions.Secret), nameof(StytchOptions.BaseUrl), nameof(StytchOptions.PublicToken)];

    public static async Task<int> RunAsync(string[] args)
    {
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }));
        var logger = loggerFactory.CreateLogger("Bff.Dev");
        var environment = EnvironmentName(args);
        var bffArgs = BffArguments(args, environment, logger);
        var configuration = BffConfiguration(args, environment);
        if (!ShouldStartEmulator(environment, configuration))
        {
            DevHostLog.NoFirstRun(logger, environment);
            return await RunBffAsync(bffArgs);
        }

        await using var firstRun = await FirstRun.StartAsync();
        if (Uri.TryCreate(configuration[$"{Security.BffOptions.SectionName}:{nameof(Security.BffOptions.PublicOrigin)}"], UriKind.Absolute, out var publicOrigin))
        {
            firstRun.UseConsentPageOf(publicOrigin);
        }

        firstRun.LogStarted(logger);
        return await RunBffAsync([.. bffArgs, .. firstRun.BffSettings.Select(s => $"--{s.Key}={s.Value}")]);
    }

    /// <summary>Development, not switched off, and not a single Stytch setting present.</summary>
    public static bool ShouldStartEmulator(string environment, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return string.Equals(environment, Environments.Development, StringComparison.OrdinalIgnoreCase)
            && !IsSwitchedOff(configuration[SwitchKey])
            && StytchKeys.All(key => string.IsNullOrWhiteSpace(configuration[$"{StytchOptions.SectionName}:{key}"]));
    }

    /// <summary>
    /// The environment the BFF will run in, found as its host finds it (command line, then <c>ASPNETCORE_</c>, then
    /// <c>DOTNET_</c> variables), except that a dev host defaults to Development.
    /// </summary>
    internal static string EnvironmentName(string[] args) =>
        new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.EnvironmentKey] is { Length: > 0 } name
            ? name
            : Environments.Development;

    /// <summary>
    /// The settings the BFF will see, from the same sources its host reads (appsettings, user-secrets of src/Bff in
    /// Development, environment variables, command line, the key-per-file directory), to decide on the first run.
    /// </summary>
    internal static IConfiguration BffConfiguration(string[] args, string environment)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true);
        if (string.Equals(environment, Environments.Development, StringComparison.OrdinalIgnoreCase))
        {
            builder.AddUserSecrets(typeof(global::Program).Assembly, optional: true);
        }

        var configuration = builder.AddEnvironmentVariables().AddCommandLine(args).Build();
        if (configuration[Hosting.ConfigurationExtensions.ConfigDirectoryKey] is { Length: > 0 } directory && Directory.Exists(directory))
        {
            return new ConfigurationBuilder().AddConfiguration(configuration).AddKeyPerFile(directory, optional: true).Build();
        }

        return configuration;
    }

    /// <summary>
    /// Host settings that make the BFF in this process what <c>dotnet run --project src/Bff</c> would be: its own
    /// application name (user-secrets, Data Protection), its project folder as content root (the SPA in wwwroot), the
    /// environment; then the developer's own arguments.
    /// </summary>
    internal static List<string> BffArguments(string[] args, string environment, ILogger logger)
    {
        var bff = typeof(global::Program).Assembly;
        List<string> arguments = [$"--{HostDefaults.ApplicationKey}={bff.GetName().Name}", $"--{HostDefaults.EnvironmentKey}={environment}"];
        var contentRoot = typeof(DevHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "BffContentRoot")?.Value;
        if (contentRoot is not null && Directory.Exists(Path.Combine(contentRoot, "wwwroot")))
        {
            arguments.Add($"--{HostDefaults.ContentRootKey}={contentRoot}");
        }
        else
        {
            DevHostLog.NoContentRoot(logger, contentRoot ?? "(unknown)");
        }

        arguments.AddRange(args);
        return arguments;
    }

    /// <summary>
    /// The BFF's Program.cs, run as its own entry point on a dedicated thread (top-level statements compile to a
    /// synchronous wrapper around the async Main). Returns its exit code.
    /// </summary>
    private static Task<int> RunBffAsync(List<string> args)
    {
        var entryPoint = typeof(global::Program).Assembly.EntryPoint
            ?? throw new InvalidOperationException("The BFF assembly has no entry point.");
        return Task.Factory.StartNew(
            () => entryPoint.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, [args.ToArray()], culture: null) is int code ? code : 0,
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private static bool IsSwitchedOff(string? value) =>
        value is not null && (value.Trim().ToUpperInvariant() is "FALSE" or "0" or "OFF" or "NO" or "DISABLED");
}
