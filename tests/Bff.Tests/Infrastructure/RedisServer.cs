using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bff.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, in a temporary directory (Debian package <c>redis-server</c>).
/// No automatic persistence; <see cref="StopAsync"/> can save a snapshot first so that <see cref="StartAsync"/> on the
/// same port brings the data back (an outage that loses nothing). Stopped by PID when disposed.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly string _directory = Directory.CreateTempSubdirectory("bff-redis-").FullName;
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public async ValueTask InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Someone took the port between probing and binding: try another.
            }
        }
    }

    /// <summary>Starts redis-server on <see cref="Port"/> (again), loading the last saved snapshot if there is one.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory, "--dbfilename", "dump.rdb", "--daemonize", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "redis-server is not installed. Install it with: apt-get install -y --no-install-recommends redis-server (./build.sh deps does).", ex);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} (port {Port} taken?).");
            }

            if (await CommandAsync("PING") == "+PONG")
            {
                return;
            }

            await Task.Delay(50);
        }

        await KillAsync();
        throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within {StartTimeout}.");
    }

    /// <summary>Stops the server (an outage). With <paramref name="keepData"/> it saves a snapshot first, so a restart loses nothing.</summary>
    public async Task StopAsync(bool keepData = true)
    {
        if (!IsRunning)
        {
            return;
        }

        await CommandAsync(keepData ? "SHUTDOWN SAVE" : "SHUTDOWN NOSAVE");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process!.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }

        _process!.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(keepData: false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Sends one inline command and returns the first reply line, or null when the server does not answer.</summary>
    public async Task<string?> CommandAsync(string command)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), timeout.Token);
            var buffer = new byte[512];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return read == 0 ? null : Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    private async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
