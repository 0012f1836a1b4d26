using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Bff.Hosting;

public static class ConfigurationExtensions
{
    /// <summary>
    /// The BFF's configuration file is the repository-root <c>appsettings.json</c>, linked into the build output.
    /// Published apps and containers have it in their content root; under <c>dotnet run</c> and the test host the
    /// content root is <c>src/Bff</c>, so the linked copy beside the assembly is loaded in the same position
    /// (before environment variables and the command line, which still override it).
    /// </summary>
    public static WebApplicationBuilder AddLinkedAppSettings(this WebApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        var outputDir = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(contentRoot, "appsettings.json")) || !File.Exists(Path.Combine(outputDir, "appsettings.json")))
        {
            return builder;
        }

        var sources = builder.Configuration.Sources;
        var index = sources.Select((s, i) => (s, i))
            .Where(x => x.s is JsonConfigurationSource { Path: "appsettings.json" })
            .Select(x => x.i + 1)
            .FirstOrDefault();
        var provider = new PhysicalFileProvider(outputDir);
        foreach (var file in new[] { $"appsettings.{builder.Environment.EnvironmentName}.json", "appsettings.json" })
        {
            sources.Insert(index, new JsonConfigurationSource { FileProvider = provider, Path = file, Optional = true, ReloadOnChange = false });
        }

        return builder;
    }

    /// <summary>The setting that names a key-per-file configuration directory (see <see cref="AddConfigDirectory"/>).</summary>
    public const string ConfigDirectoryKey = "Hosting:ConfigDirectory";

    /// <summary>
    /// When <c>Hosting:ConfigDirectory</c> (environment variable <c>Hosting__ConfigDirectory</c>) names a directory, every
    /// file in it is a setting: the file name is the key (<c>Stytch__Secret</c> is <c>Stytch:Secret</c>), its content the
    /// value. This is ASP.NET Core's key-per-file provider, the documented way to read Docker and Kubernetes secrets.
    /// It is read last, so its files override environment variables and the command line; files named <c>ignore.*</c>
    /// are skipped (a writer can create <c>ignore.x</c> and rename it, so no half-written value is ever read). A named
    /// directory that does not exist stops start-up. docker-compose.yml uses it for its <c>dev</c> profile.
    /// </summary>
    public static WebApplicationBuilder AddConfigDirectory(this WebApplicationBuilder builder)
    {
        if (builder.Configuration[ConfigDirectoryKey] is { Length: > 0 } directory)
        {
            if (!Path.IsPathFullyQualified(directory) || !Directory.Exists(directory))
            {
                throw new InvalidOperationException($"{ConfigDirectoryKey} is '{directory}', which is not an existing absolute directory. Create it, or unset {ConfigDirectoryKey}.");
            }

            builder.Configuration.AddKeyPerFile(directory, optional: false, reloadOnChange: false);
        }

        return builder;
    }
}
