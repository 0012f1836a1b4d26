using System.Diagnostics;
using System.Globalization;
using System.Net;
using Bff.Stytch;
using Bff.Tests.Hostile;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bff.Tests.Fuzz;

/// <summary>
/// Thousands of generated connected-app ids, sent byte for byte to the BFF on real Kestrel: the only Stytch path the
/// BFF may ever call is <c>/v1/users/{the session's user}/connected_apps/{the id}/revoke</c>, and only for an id that is
/// valid once decoded; everything else is a 4xx with no Stytch call. Bounded: 3000 inputs or 15 s.
/// </summary>
public sealed class ConnectedAppIdFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxInputs = 3000;
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(15);
    private readonly BffFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task NoGeneratedIdMakesTheBffCallAnyStytchPathButTheIntendedOne()
    {
        var ct = TestContext.Current.CancellationToken;
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var context = new HostileContext(_factory, new WireClient(new Uri(address)));
        await context.StartAsync(ct);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("BFF_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20240917;
        var fuzzer = new SegmentFuzzer(seed);

        var failures = new List<string>();
        var (inputs, called, refusedByApp, refusedByKestrel) = (0, 0, 0, 0);
        var clock = Stopwatch.StartNew();
        while (inputs < MaxInputs && clock.Elapsed < MaxTime && failures.Count < 20)
        {
            inputs++;
            var segment = fuzzer.Next();
            var decoded = SegmentFuzzer.DecodeOnce(segment);
            var valid = ConnectedAppId.TryParse(decoded, out _);
            if (valid)
            {
                _factory.Stytch.On("POST", context.RevokePath(decoded!), _ => FakeReply.Ack());
            }

            var before = _factory.Stytch.Requests.Count;
            var response = await context.Transport.SendAsync(context.Authed("POST", $"/me/connected-apps/{segment}/revoke"), ct);
            var calls = _factory.Stytch.Requests.Skip(before).ToList();

            var why = Check(response, calls, valid ? context.RevokePath(decoded!) : null);
            if (why is not null)
            {
                failures.Add($"id '{WireRequest.Printable(segment, 200)}' (seed {seed}, input {inputs}): {why} [answer {response.Status} {response.Excerpt()}]");
            }

            called += calls.Count;
            refusedByApp += calls.Count == 0 && response.FromApp ? 1 : 0;
            refusedByKestrel += response.FromApp ? 0 : 1;
        }

        var summary = $"Fuzz (connected-app id): {inputs} inputs in {clock.Elapsed.TotalSeconds:0.0} s (seed {seed}), {called} valid ids called Stytch once at the intended path, "
            + $"{refusedByApp} refused by the BFF and {refusedByKestrel} by Kestrel with no Stytch call, {failures.Count} failures";
        output.WriteLine(summary);
        TestContext.Current.SendDiagnosticMessage(summary);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Empty(_factory.Stytch.Unexpected);
        Assert.True(inputs >= 500, $"Only {inputs} inputs were tried in {MaxTime}: the machine is too slow for the fuzz to mean much.");
        Assert.True(called > 0 && refusedByApp > 0, "The generator must produce both valid and invalid ids.");
    }

    private static string? Check(WireResponse response, List<RecordedRequest> calls, string? intendedPath)
    {
        if (response.Status >= 500)
        {
            return $"a {response.Status}";
        }

        if (calls.Count > 1)
        {
            return $"{calls.Count} Stytch calls";
        }

        if (calls.Count == 1)
        {
            if (calls[0].RawPathAndQuery != intendedPath)
            {
                return $"Stytch called at {calls[0].RawPathAndQuery}, intended {intendedPath ?? "no call"}";
            }

            return response.Status == 200 ? null : $"Stytch was called but the answer is {response.Status}";
        }

        if (intendedPath is not null)
        {
            return "a valid id did not reach Stytch";
        }

        if (response.Status is < 400 or >= 500)
        {
            return "no Stytch call but not a 4xx";
        }

        return response.FromApp && !response.IsProblem ? "a refusal that is not problem+json" : null;
    }
}
