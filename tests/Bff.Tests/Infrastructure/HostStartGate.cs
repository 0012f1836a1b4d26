using Microsoft.Extensions.Hosting;

namespace Bff.Tests.Infrastructure;

/// <summary>
/// Lets one BFF host start at a time in this test process. Program.cs installs Serilog's static bootstrap logger and
/// the host then freezes it: two entry points running at once (parallel test classes) would swap each other's
/// logger and fail with "The logger is already frozen". Only start-up is serialised; tests still run in parallel.
/// </summary>
public static class HostStartGate
{
    private static readonly Lock Gate = new();

    public static IHost Start(Func<IHostBuilder, IHost> createHost, IHostBuilder builder)
    {
        lock (Gate)
        {
            return createHost(builder);
        }
    }
}
