namespace Stytch.Emulator;

/// <summary>Reads <see cref="EmulatorOptions"/> for a standalone run.</summary>
public static class EmulatorConfiguration
{
    /// <summary>
    /// The "Emulator" section of the emulator's settings file, then environment variables (<c>Emulator__Secret</c>),
    /// then the command line (<c>--Emulator:Secret=…</c>). A configured <c>Users</c> (or <c>ConnectedAppClients</c>)
    /// list replaces the demo seed instead of being appended to it.
    /// </summary>
    public static EmulatorOptions Load(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, StytchEmulatorApp.SettingsFileName), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        return Bind(configuration.GetSection(EmulatorOptions.SectionName));
    }

    /// <summary>Binds a configuration section onto fresh options.</summary>
    public static EmulatorOptions Bind(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = new EmulatorOptions();
        if (section.GetSection(nameof(EmulatorOptions.Users)).Exists())
        {
            // The binder appends to existing lists; start empty so configured users replace the default seed.
            options.Users = [];
        }

        if (section.GetSection(nameof(EmulatorOptions.ConnectedAppClients)).Exists())
        {
            options.ConnectedAppClients = [];
        }

        section.Bind(options);
        return options;
    }
}
