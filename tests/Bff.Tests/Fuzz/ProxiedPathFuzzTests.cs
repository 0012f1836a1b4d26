using System.Diagnostics;
using Bff.Tests.Hostile;
using Bff.Tests.Infrastructure;
using Bff.Tests.Proxy;

namespace Bff.Tests.Fuzz;

/// <summary>
/// Thousands of generated catch-all paths for the proxied <c>/api/**</c> route, sent byte for byte to the BFF on real
/// Kestrel: whatever is forwarded reaches the upstream under the configured prefix (<c>/upstream/api/</c>) with no
/// dot segment (also none with a path parameter, <c>..;</c>), no path parameter at all, no encoded slash, backslash or
/// control character an upstream could read as another path; plain paths are
/// forwarded exactly; nothing is forwarded twice; never a 5xx. 2000 seeded inputs in batches of 200, each batch its own
/// test case, bounded in count and in time (12 s a batch); the totals are printed when the run ends.
/// </summary>
public sealed class ProxiedPathFuzzTests(ProxiedPathFuzzTests.Bff bff) : IClassFixture<ProxiedPathFuzzTests.Bff>
{
    private const int MaxInputs = 2000;
    private const int BatchSize = 200;
    private const string Prefix = "/upstream/api/";
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(12);
    private static readonly SuiteTotals.Suite Totals = CreateTotals();

    public static TheoryData<string> Batches => FuzzBatches.Names(MaxInputs, BatchSize);

    [Theory]
    [MemberData(nameof(Batches))]
    public async Task NoGeneratedPathReachesTheUpstreamOutsideTheConfiguredPrefix(string batch)
    {
        var ct = TestContext.Current.CancellationToken;
        var context = await bff.StartAsync(ct);
        var upstream = context.Upstream!;
        var seed = FuzzBatches.Seed(20240917);
        var fuzzer = new SegmentFuzzer(seed + 1);
        var random = new Random(seed);
        var (skip, size) = FuzzBatches.Parse(batch);
        for (var i = 0; i < skip; i++)
        {
            Generate(random, fuzzer);
        }

        var failures = new List<string>();
        var (inputs, forwarded, notForwarded) = (0, 0, 0);
        var clock = Stopwatch.StartNew();
        while (inputs < size && clock.Elapsed < MaxTime && failures.Count < 20)
        {
            inputs++;
            var path = Generate(random, fuzzer);
            var before = upstream.Requests.Count;
            var response = await context.Transport.SendAsync(context.Authed("GET", "/api/" + path), ct);
            var received = upstream.Requests.Skip(before).ToList();

            if (Check(path, response, received) is { } why)
            {
                failures.Add($"path '/api/{WireRequest.Printable(path, 200)}' (seed {seed}, input {skip + inputs}): {why} [answer {response.Status} {response.Excerpt()}]");
            }

            forwarded += received.Count;
            notForwarded += received.Count == 0 ? 1 : 0;
        }

        Totals.Record(batch, failures.Count == 0 ? null : $"{failures.Count} failures", new Counts(seed, inputs, clock.Elapsed, forwarded, notForwarded, failures.Count));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(inputs >= size * 3 / 20, $"Only {inputs} of {size} inputs were tried in {MaxTime}.");
        Assert.True(forwarded > 0 && notForwarded > 0, "The generator must produce both forwardable and refused paths.");
    }

    /// <summary>One input: one to three generated segments.</summary>
    private static string Generate(Random random, SegmentFuzzer fuzzer) =>
        string.Join('/', Enumerable.Range(0, random.Next(1, 4)).Select(_ => fuzzer.Next()));

    private static SuiteTotals.Suite CreateTotals()
    {
        var totals = SuiteTotals.For("Fuzz (proxied path)");
        totals.Headline = batches =>
        {
            var all = batches.Values.Select(b => (Counts)b.Detail!).ToList();
            return $"Fuzz (proxied path): {all.Sum(c => c.Inputs)} inputs in {all.Sum(c => c.Time.TotalSeconds):0.0} s (seed {all.FirstOrDefault()?.Seed}), "
                + $"{all.Sum(c => c.Forwarded)} forwarded under {Prefix}, {all.Sum(c => c.NotForwarded)} not forwarded, {all.Sum(c => c.Failures)} failures ({batches.Count} batches)";
        };
        return totals;
    }

    private sealed record Counts(int Seed, int Inputs, TimeSpan Time, int Forwarded, int NotForwarded, int Failures);

    /// <summary>A recording upstream, and the BFF on real Kestrel whose <c>/api/**</c> route points at it (started by the first batch).</summary>
    public sealed class Bff : IAsyncLifetime
    {
        private RecordingUpstream _upstream = null!;
        private WireBff _bff = null!;

        public async ValueTask InitializeAsync()
        {
            _upstream = await RecordingUpstream.StartAsync(TestContext.Current.CancellationToken);
            _bff = new WireBff { Upstream = _upstream };
        }

        public Task<HostileContext> StartAsync(CancellationToken ct) => _bff.StartAsync(ct);

        public async ValueTask DisposeAsync()
        {
            await _bff.DisposeAsync();
            await _upstream.DisposeAsync();
        }
    }

    private static string? Check(string path, WireResponse response, List<UpstreamRequest> received)
    {
        if (response.Status >= 500)
        {
            return $"a {response.Status}";
        }

        if (received.Count > 1)
        {
            return $"forwarded {received.Count} times";
        }

        if (received.Count == 1)
        {
            var upstream = received[0];
            var rawPath = upstream.RawTarget.Split('?')[0];
            if (!upstream.RawTarget.StartsWith(Prefix, StringComparison.Ordinal) || !upstream.Path.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return $"forwarded outside the prefix: {upstream.RawTarget}";
            }

            if (rawPath.Contains("%2F", StringComparison.OrdinalIgnoreCase) || rawPath.Contains("%5C", StringComparison.OrdinalIgnoreCase)
                || upstream.Path.Contains('\\', StringComparison.Ordinal) || upstream.Path.Any(char.IsControl)
                || upstream.Path.Split('/').Any(segment => segment.Split(';')[0] is "." or "..")
                || upstream.Path.Contains(';', StringComparison.Ordinal) || rawPath.Contains("%3B", StringComparison.OrdinalIgnoreCase))
            {
                return $"forwarded a path an upstream could read as another: {upstream.RawTarget}";
            }
        }

        if (IsPlain(path) && (received.Count != 1 || received[0].RawTarget != Prefix + path))
        {
            return $"a plain path was not forwarded exactly: {(received.Count == 0 ? "not forwarded" : received[0].RawTarget)}";
        }

        return null;
    }

    /// <summary>Only unreserved characters, no dot segments: must be forwarded byte for byte.</summary>
    private static bool IsPlain(string path) =>
        path.Split('/').All(segment => segment.Length > 0 && segment is not ("." or "..")
            && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~'));
}
