using System.Net;
using Bff.Tests.Infrastructure;
using Bff.Tests.Proxy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bff.Tests.Hostile;

/// <summary>
/// The hostile-request catalogue (<see cref="HostileCatalogue"/>) against real Kestrel, byte for byte, and against the
/// app on the test server for what Kestrel would refuse or normalise first. Prints its totals for the README.
/// </summary>
public sealed class HostileRequestTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly BffFactory _kestrel = new();
    private readonly BffFactory _inApp = new();
    private RecordingUpstream _upstream = null!;

    public async ValueTask InitializeAsync()
    {
        _upstream = await RecordingUpstream.StartAsync(TestContext.Current.CancellationToken);
        HostileContext.UseUpstream(_kestrel, _upstream);
        HostileContext.UseUpstream(_inApp, _upstream);
    }

    public async ValueTask DisposeAsync()
    {
        await _kestrel.DisposeAsync();
        await _inApp.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task EveryHostileRequestGetsAClearAnswerNoStray5xxOrStytchCallAndTheSessionSurvives()
    {
        var ct = TestContext.Current.CancellationToken;
        _kestrel.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _kestrel.StartServer();
        var address = _kestrel.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var wire = new HostileContext(_kestrel, new WireClient(new Uri(address))).WithUpstream(_upstream);
        await wire.StartAsync(ct);
        var inApp = new HostileContext(_inApp, new AppTransport(_inApp.Server)).WithUpstream(_upstream);
        await inApp.StartAsync(ct);

        var cases = HostileCatalogue.All().ToList();
        var failures = new List<(HostileCase Case, string Why)>();
        foreach (var hostile in cases)
        {
            if (await HostileRunner.RunAsync(hostile, hostile.InApp ? inApp : wire, ct) is { } why)
            {
                failures.Add((hostile, why));
            }
        }

        Report(cases, failures);
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} hostile cases failed:\n" + string.Join("\n", failures.Select(f => f.Why)));
        Assert.True(cases.Count >= 60, $"The catalogue has only {cases.Count} cases.");
        Assert.Empty(_kestrel.Stytch.Unexpected);
        Assert.Empty(_inApp.Stytch.Unexpected);
    }

    private void Report(List<HostileCase> cases, List<(HostileCase Case, string Why)> failures)
    {
        var lines = new List<string> { $"Hostile requests: {cases.Count} cases, {cases.Count - failures.Count} passed" };
        lines.AddRange(cases.GroupBy(c => c.Endpoint).Select(g =>
            $"  {g.Key}: {g.Count()} cases, {g.Count(c => failures.All(f => f.Case != c))} passed"));
        lines.AddRange(failures.Select(f => "  FAILED " + f.Why));
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        TestContext.Current.SendDiagnosticMessage(lines[0]);
    }
}
