using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Bff.Dev.Tests;

/// <summary>
/// The built dev host (Bff.Dev.dll beside the tests) as a real process, the way <c>dotnet run --project src/Bff.Dev</c>
/// starts it: its own environment, an empty HOME (no user-secrets, no developer settings), a loopback port chosen by
/// the OS. Output is captured; every wait is bounded; the process is killed on dispose.
/// </summary>
public sealed partial class DevHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly string _home;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DevHostProcess(string environment, IReadOnlyDictionary<string, string> settings)
    {
        _home = Directory.CreateTempSubdirectory("bff-home-").FullName;
        var bff = typeof(Bff.Dev.Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(bff)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(bff);
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Stytch__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Bff__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Session__", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["HOME"] = _home;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static DevHostProcess Start(string environment, IReadOnlyDictionary<string, string>? settings = null) =>
        new(environment, settings ?? new Dictionary<string, string>());

    /// <summary>Waits for the process to end by itself; fails the test if it is still running after the timeout.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Assert.Fail($"The BFF was still running after {StartTimeout.TotalSeconds} s. Output:\n{Output}");
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>The BFF's own listening address, from its "Now listening on" line.</summary>
    public async Task<Uri> WaitUntilListeningAsync(CancellationToken ct)
    {
        var exited = _process.WaitForExitAsync(ct);
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(StartTimeout, ct));
        if (first != _listening.Task)
        {
            Assert.Fail($"The BFF did not start listening (exited: {_process.HasExited}). Output:\n{Output}");
        }

        return await _listening.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }

        // The BFF logs through Serilog ("Lifetime: Now listening on: …"); the dev host and the emulator have their own lines.
        if (ListeningLine().Match(line) is { Success: true } match && line.Contains("Lifetime:", StringComparison.Ordinal))
        {
            _listening.TrySetResult(new Uri(match.Groups["url"].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://[^\s""]+)")]
    private static partial Regex ListeningLine();
}
