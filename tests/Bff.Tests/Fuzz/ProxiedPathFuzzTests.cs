using System.Diagnostics;
using System.Globalization;
using System.Net;
using Bff.Tests.Hostile;
using Bff.Tests.Infrastructure;
using Bff.Tests.Proxy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bff.Tests.Fuzz;

/// <summary>
/// Thousands of generated catch-all paths for the proxied <c>/api/**</c> route, sent byte for byte to the BFF on real
/// Kestrel: whatever is forwarded reaches the upstream under the configured prefix (<c>/upstream/api/</c>) with no
/// dot segment (also none with a path parameter, <c>..;</c>), no path parameter at all, no encoded slash, backslash or
/// control character an upstream could read as another path; plain paths are
/// forwarded exactly; nothing is forwarded twice; never a 5xx. Bounded: 2000 inputs or 12 s.
/// </summary>
public sealed class ProxiedPathFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxInputs = 2000;
    private const string Prefix = "/upstream/api/";
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(12);
    private readonly BffFactory _factory = new();
    private RecordingUpstream _upstream = null!;

    public async ValueTask InitializeAsync()
    {
        _upstream = await RecordingUpstream.StartAsync(TestContext.Current.CancellationToken);
        HostileContext.UseUpstream(_factory, _upstream);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task NoGeneratedPathReachesTheUpstreamOutsideTheConfiguredPrefix()
    {
        var ct = TestContext.Current.CancellationToken;
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var context = new HostileContext(_factory, new WireClient(new Uri(address))).WithUpstream(_upstream);
        await context.StartAsync(ct);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("BFF_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20240917;
        var fuzzer = new SegmentFuzzer(seed + 1);
        var random = new Random(seed);

        var failures = new List<string>();
        var (inputs, forwarded, notForwarded) = (0, 0, 0);
        var clock = Stopwatch.StartNew();
        while (inputs < MaxInputs && clock.Elapsed < MaxTime && failures.Count < 20)
        {
            inputs++;
            var path = string.Join('/', Enumerable.Range(0, random.Next(1, 4)).Select(_ => fuzzer.Next()));
            var before = _upstream.Requests.Count;
            var response = await context.Transport.SendAsync(context.Authed("GET", "/api/" + path), ct);
            var received = _upstream.Requests.Skip(before).ToList();

            if (Check(path, response, received) is { } why)
            {
                failures.Add($"path '/api/{WireRequest.Printable(path, 200)}' (seed {seed}, input {inputs}): {why} [answer {response.Status} {response.Excerpt()}]");
            }

            forwarded += received.Count;
            notForwarded += received.Count == 0 ? 1 : 0;
        }

        var summary = $"Fuzz (proxied path): {inputs} inputs in {clock.Elapsed.TotalSeconds:0.0} s (seed {seed}), {forwarded} forwarded under {Prefix}, "
            + $"{notForwarded} not forwarded, {failures.Count} failures";
        output.WriteLine(summary);
        TestContext.Current.SendDiagnosticMessage(summary);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(inputs >= 300, $"Only {inputs} inputs were tried in {MaxTime}.");
        Assert.True(forwarded > 0 && notForwarded > 0, "The generator must produce both forwardable and refused paths.");
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
