namespace Stytch.Emulator;

/// <summary>
/// The standalone emulator: <c>dotnet run --project src/Stytch.Emulator [--urls http://127.0.0.1:5189]</c>.
/// Not top-level statements: test projects reference both this and the BFF, whose Program is global.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            var options = EmulatorConfiguration.Load(args);
            await using var app = StytchEmulatorApp.Build(options, args);
            await app.StartAsync();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Program));
            LogListening(logger, options, app.Urls);
            await app.WaitForShutdownAsync();
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
        {
            await Console.Error.WriteLineAsync("Stytch emulator failed to start: " + ex.Message);
            return 1;
        }
    }

    private static void LogListening(ILogger logger, EmulatorOptions options, ICollection<string> urls)
    {
        foreach (var url in urls)
        {
            Infrastructure.GatewayLog.Listening(logger, options.ProjectId, url);
        }
    }
}
