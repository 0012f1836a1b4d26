namespace Sample.Api;

/// <summary>
/// Runs the sample API on its own: <c>dotnet run --project src/Sample.Api -- --Stytch:BaseUrl=https://test.stytch.com
/// --Stytch:ProjectId=project-test-... --Urls=http://127.0.0.1:5080</c> (or environment variables <c>Stytch__BaseUrl</c>,
/// <c>Stytch__ProjectId</c>, <c>Urls</c>). Not top-level statements: test projects reference several web projects.
/// </summary>
public static class Program
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static async Task<int> Main(string[] args)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var projectId = config["Stytch:ProjectId"];
        if (!Uri.TryCreate(config["Stytch:BaseUrl"], UriKind.Absolute, out var stytchBaseUrl) || string.IsNullOrWhiteSpace(projectId))
        {
            await Console.Error.WriteLineAsync(
                "Set Stytch:BaseUrl (e.g. https://test.stytch.com, or the emulator's URL) and Stytch:ProjectId " +
                "(arguments --Stytch:BaseUrl=... --Stytch:ProjectId=..., or environment variables Stytch__BaseUrl and Stytch__ProjectId).");
            return 2;
        }

        await using var app = SampleApiHost.Build(stytchBaseUrl, projectId, config["Urls"] ?? DefaultUrl, consoleLogging: true);
        await app.RunAsync();
        return 0;
    }
}
