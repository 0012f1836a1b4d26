using System.Diagnostics;
using System.Text;

namespace Bff.Tests.Infrastructure;

/// <summary>
/// Runs the built BFF (<c>dotnet Bff.dll</c> from the test output) as a real process with a controlled environment,
/// for start-up behaviour the in-process factory cannot show (Program.cs's own failure handling). Bounded in time.
/// </summary>
public static class BffProcess
{
    public sealed record Outcome(int ExitCode, string Output);

    public static async Task<Outcome> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bff.dll"));
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("Stytch__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Bff__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Session__", StringComparison.OrdinalIgnoreCase) || key.EndsWith("_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The BFF process did not exit within 30 s (it was expected to refuse to start).");
        }

        output.Append(await stdout).Append(await stderr);
        return new Outcome(process.ExitCode, output.ToString());
    }
}
