using Microsoft.Extensions.Configuration.Json;
using Stytch.Emulator.ConnectedApps;
using Stytch.Emulator.Faults;
using Stytch.Emulator.Idp;
using Stytch.Emulator.Inbox;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.MagicLinks;
using Stytch.Emulator.OAuth;
using Stytch.Emulator.Oidc;
using Stytch.Emulator.Passwords;
using Stytch.Emulator.Sessions;
using Stytch.Emulator.Users;

namespace Stytch.Emulator;

/// <summary>Builds the emulator's web application; used by <see cref="Program"/> and <see cref="EmulatorHost"/>.</summary>
public static class StytchEmulatorApp
{
    /// <summary>Where a standalone emulator listens when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5189";

    /// <summary>The emulator's own settings file, copied beside the assembly (never a host's appsettings.json).</summary>
    public const string SettingsFileName = "stytch-emulator.appsettings.json";

    /// <summary>
    /// Builds (does not start) the emulator for one project.
    /// </summary>
    /// <param name="options">The project: credentials, JWT lifetime, seed users. Validated here.</param>
    /// <param name="args">Command-line arguments (<c>--urls</c>, logging settings).</param>
    /// <param name="url">The URL to listen on; when null, <c>--urls</c>/<c>ASPNETCORE_URLS</c>, else <see cref="DefaultUrl"/>.</param>
    /// <param name="configure">Last-minute changes to the builder, e.g. logging providers in tests.</param>
    public static WebApplication Build(EmulatorOptions options, string[] args, string? url = null, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        EmulatorOptionsValidator.ThrowIfInvalid(options);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(StytchEmulatorApp).Assembly.GetName().Name,
        });
        UseOwnSettingsFile(builder.Configuration);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 1024 * 1024;
        });
        if (url is not null)
        {
            builder.WebHost.UseUrls(url);
        }
        else if (string.IsNullOrEmpty(builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey)))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddStytchEmulator(options, new EmulatorClock());
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<CallRecordingMiddleware>();
        app.UseRouting();
        app.UseMiddleware<GatewayMiddleware>();

        app.MapPasswords();
        app.MapMagicLinks();
        app.MapOAuth();
        app.MapSessions();
        app.MapUsers();
        app.MapConnectedAppClients();
        app.MapIdp();
        app.MapOidc();
        app.MapInbox();
        app.MapFaults();
        app.MapHealth();
        return app;
    }

    /// <summary>
    /// Swaps the content root's appsettings*.json (in a test's output folder that may be the BFF's) for the emulator's
    /// own file, keeping its precedence below environment variables and the command line.
    /// </summary>
    private static void UseOwnSettingsFile(ConfigurationManager configuration)
    {
        var defaults = configuration.Sources.OfType<JsonConfigurationSource>().ToList();
        var position = defaults.Count == 0 ? configuration.Sources.Count : configuration.Sources.IndexOf(defaults[0]);
        foreach (var source in defaults)
        {
            configuration.Sources.Remove(source);
        }

        var own = new JsonConfigurationSource { Path = Path.Combine(AppContext.BaseDirectory, SettingsFileName), Optional = true };
        own.ResolveFileProvider();
        configuration.Sources.Insert(position, own);
    }
}
