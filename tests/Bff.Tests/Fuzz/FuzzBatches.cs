using System.Globalization;
using System.Text.RegularExpressions;

namespace Bff.Tests.Fuzz;

/// <summary>
/// A seeded fuzz run cut into fixed-size batches, each its own test case ("inputs 301-600"): a batch regenerates the
/// seeded stream from its start, skipping (generating without sending) the inputs of the batches before it, so one batch
/// runs alone with exactly the inputs it has in the whole run (<c>BFF_FUZZ_SEED</c> still reproduces every input).
/// </summary>
public static partial class FuzzBatches
{
    /// <summary>The seed: <c>BFF_FUZZ_SEED</c> when set, otherwise the suite's default.</summary>
    public static int Seed(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("BFF_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : fallback;

    /// <summary>The batches' case names for <paramref name="total"/> inputs in batches of <paramref name="size"/>.</summary>
    public static TheoryData<string> Names(int total, int size) =>
        new(Enumerable.Range(0, (total + size - 1) / size).Select(b => $"inputs {(b * size) + 1}-{Math.Min(total, (b + 1) * size)}"));

    /// <summary>How many inputs come before the batch, and how many it has.</summary>
    public static (int Skip, int Count) Parse(string batch)
    {
        var match = BatchName().Match(batch);
        var first = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var last = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return (first - 1, last - first + 1);
    }

    [GeneratedRegex(@"^inputs (\d+)-(\d+)$")]
    private static partial Regex BatchName();
}
