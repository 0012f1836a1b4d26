using Bff.Tests.Infrastructure;
using Bff.Tests.Proxy;

namespace Bff.Tests.Hostile;

/// <summary>
/// The hostile-request catalogue (<see cref="HostileCatalogue"/>) against real Kestrel, byte for byte, and against the
/// app on the test server for what Kestrel would refuse or normalise first. Each case is its own test case, named by
/// its endpoint and what it tries (run one with <c>--filter "DisplayName~foreign Origin"</c>); the totals are printed
/// when the test run ends ("Hostile requests: N cases, N passed").
/// </summary>
public sealed class HostileRequestTests(HostileRequestTests.Bffs bffs) : IClassFixture<HostileRequestTests.Bffs>
{
    private static readonly SuiteTotals.Suite Totals = CreateTotals();

    public static TheoryData<string> Cases => new(HostileCatalogue.All().Select(c => c.ToString()));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileRequestGetsAClearAnswerNoStray5xxOrStytchCallAndTheSessionSurvives(string hostileCase)
    {
        var ct = TestContext.Current.CancellationToken;
        var hostile = HostileCatalogue.All().Single(c => c.ToString() == hostileCase);
        var context = hostile.InApp ? await bffs.InAppAsync(ct) : await bffs.WireAsync(ct);

        var failure = await HostileRunner.RunAsync(hostile, context, ct);
        if (failure is null && context.Stytch.Unexpected.Count != 0)
        {
            failure = $"{hostile}: the Stytch double saw calls nobody registered: {string.Join(", ", context.Stytch.Unexpected)}";
        }

        Totals.Record(hostileCase, failure, hostile.Endpoint);
        Assert.True(failure is null, failure);
    }

    [Fact]
    public void TheCatalogueHasAtLeastSixtyCasesEachWithItsOwnName()
    {
        var names = HostileCatalogue.All().Select(c => c.ToString()).ToList();
        Assert.True(names.Count >= 60, $"The catalogue has only {names.Count} cases.");
        Assert.Empty(names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    private static SuiteTotals.Suite CreateTotals()
    {
        var totals = SuiteTotals.For("Hostile requests");
        totals.Headline = cases => $"Hostile requests: {cases.Count} cases, {cases.Values.Count(o => o.Failure is null)} passed";
        totals.Details = cases => cases.Values.GroupBy(o => (string)o.Detail!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {g.Count()} cases, {g.Count(o => o.Failure is null)} passed");
        return totals;
    }

    /// <summary>
    /// The two BFFs the cases run against, each with a logged-in user, sharing one recording upstream; each started on
    /// first use, so running a single case starts only the one it needs.
    /// </summary>
    public sealed class Bffs : IAsyncLifetime
    {
        private readonly BffFactory _inApp = new();
        private readonly SemaphoreSlim _start = new(1, 1);
        private RecordingUpstream _upstream = null!;
        private WireBff _wire = null!;
        private HostileContext? _app;

        public async ValueTask InitializeAsync()
        {
            _upstream = await RecordingUpstream.StartAsync(TestContext.Current.CancellationToken);
            _wire = new WireBff { Upstream = _upstream };
            HostileContext.UseUpstream(_inApp, _upstream);
        }

        /// <summary>Real Kestrel on a loopback port, spoken to byte for byte.</summary>
        public Task<HostileContext> WireAsync(CancellationToken ct) => _wire.StartAsync(ct);

        /// <summary>The app on the test server: the path as the app sees it, for what Kestrel would refuse or normalise.</summary>
        public async Task<HostileContext> InAppAsync(CancellationToken ct)
        {
            await _start.WaitAsync(ct);
            try
            {
                if (_app is null)
                {
                    var app = new HostileContext(_inApp, new AppTransport(_inApp.Server)).WithUpstream(_upstream);
                    await app.StartAsync(ct);
                    _app = app;
                }

                return _app;
            }
            finally
            {
                _start.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _wire.DisposeAsync();
            await _inApp.DisposeAsync();
            await _upstream.DisposeAsync();
            _start.Dispose();
        }
    }
}
