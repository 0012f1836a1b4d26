using System.Diagnostics;
using Bff.Stytch;
using Bff.Tests.Hostile;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Fuzz;

/// <summary>
/// Thousands of generated connected-app ids, sent byte for byte to the BFF on real Kestrel: the only Stytch path the
/// BFF may ever call is <c>/v1/users/{the session's user}/connected_apps/{the id}/revoke</c>, and only for an id that is
/// valid once decoded; everything else is a 4xx with no Stytch call. 3000 seeded inputs in batches of 300, each batch
/// its own test case, bounded in count and in time (15 s a batch); the totals are printed when the run ends.
/// </summary>
public sealed class ConnectedAppIdFuzzTests(WireBff bff) : IClassFixture<WireBff>
{
    private const int MaxInputs = 3000;
    private const int BatchSize = 300;
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(15);
    private static readonly SuiteTotals.Suite Totals = CreateTotals();

    public static TheoryData<string> Batches => FuzzBatches.Names(MaxInputs, BatchSize);

    [Theory]
    [MemberData(nameof(Batches))]
    public async Task NoGeneratedIdMakesTheBffCallAnyStytchPathButTheIntendedOne(string batch)
    {
        var ct = TestContext.Current.CancellationToken;
        var context = await bff.StartAsync(ct);
        var factory = context.Factory;
        var seed = FuzzBatches.Seed(20240917);
        var fuzzer = new SegmentFuzzer(seed);
        var (skip, size) = FuzzBatches.Parse(batch);
        for (var i = 0; i < skip; i++)
        {
            fuzzer.Next();
        }

        var failures = new List<string>();
        var (inputs, called, refusedByApp, refusedByKestrel) = (0, 0, 0, 0);
        var clock = Stopwatch.StartNew();
        while (inputs < size && clock.Elapsed < MaxTime && failures.Count < 20)
        {
            inputs++;
            var segment = fuzzer.Next();
            var decoded = SegmentFuzzer.DecodeOnce(segment);
            var valid = ConnectedAppId.TryParse(decoded, out _);
            if (valid)
            {
                factory.Stytch.On("POST", context.RevokePath(decoded!), _ => FakeReply.Ack());
            }

            var before = factory.Stytch.Requests.Count;
            var response = await context.Transport.SendAsync(context.Authed("POST", $"/me/connected-apps/{segment}/revoke"), ct);
            var calls = factory.Stytch.Requests.Skip(before).ToList();

            var why = Check(response, calls, valid ? context.RevokePath(decoded!) : null);
            if (why is not null)
            {
                failures.Add($"id '{WireRequest.Printable(segment, 200)}' (seed {seed}, input {skip + inputs}): {why} [answer {response.Status} {response.Excerpt()}]");
            }

            called += calls.Count;
            refusedByApp += calls.Count == 0 && response.FromApp ? 1 : 0;
            refusedByKestrel += response.FromApp ? 0 : 1;
        }

        if (factory.Stytch.Unexpected.Count != 0)
        {
            failures.Add($"the Stytch double saw calls nobody registered: {string.Join(", ", factory.Stytch.Unexpected)}");
        }

        Totals.Record(batch, failures.Count == 0 ? null : $"{failures.Count} failures", new Counts(seed, inputs, clock.Elapsed, called, refusedByApp, refusedByKestrel, failures.Count));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(inputs >= size / 6, $"Only {inputs} of {size} inputs were tried in {MaxTime}: the machine is too slow for the fuzz to mean much.");
        Assert.True(called > 0 && refusedByApp > 0, "The generator must produce both valid and invalid ids.");
    }

    private static SuiteTotals.Suite CreateTotals()
    {
        var totals = SuiteTotals.For("Fuzz (connected-app id)");
        totals.Headline = batches =>
        {
            var all = batches.Values.Select(b => (Counts)b.Detail!).ToList();
            return $"Fuzz (connected-app id): {all.Sum(c => c.Inputs)} inputs in {all.Sum(c => c.Time.TotalSeconds):0.0} s (seed {all.FirstOrDefault()?.Seed}), "
                + $"{all.Sum(c => c.Called)} valid ids called Stytch once at the intended path, {all.Sum(c => c.RefusedByApp)} refused by the BFF and "
                + $"{all.Sum(c => c.RefusedByKestrel)} by Kestrel with no Stytch call, {all.Sum(c => c.Failures)} failures ({batches.Count} batches)";
        };
        return totals;
    }

    private sealed record Counts(int Seed, int Inputs, TimeSpan Time, int Called, int RefusedByApp, int RefusedByKestrel, int Failures);

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
