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
}
