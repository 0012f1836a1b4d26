using System.Collections.Concurrent;
using Xunit.Runner.Common;
using Xunit.Sdk;

[assembly: AssemblyFixture(typeof(Bff.Tests.Infrastructure.SuiteTotals))]

namespace Bff.Tests.Infrastructure;

/// <summary>
/// The totals of the per-case security suites (hostile catalogue, fault matrix, fuzz runs), printed once when the test
/// assembly ends as xUnit diagnostic messages (<c>build.sh</c> repeats them under the suite's closing line). Each case
/// is its own test; it records its outcome here before it asserts, so a failed case is counted as failed.
/// </summary>
public sealed class SuiteTotals(IMessageSink diagnostics) : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, Suite> Suites = new(StringComparer.Ordinal);

    /// <summary>The suite called <paramref name="name"/> (created on first use), e.g. "Hostile requests".</summary>
    public static Suite For(string name) => Suites.GetOrAdd(name, n => new Suite(n));

    public ValueTask DisposeAsync()
    {
        foreach (var suite in Suites.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            foreach (var line in suite.Report())
            {
                diagnostics.OnMessage(new DiagnosticMessage(line));
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>One suite's cases: their outcomes, and how to print them.</summary>
    public sealed class Suite(string name)
    {
        private readonly ConcurrentDictionary<string, Outcome> _cases = new(StringComparer.Ordinal);

        public string Name { get; } = name;

        /// <summary>The first line (e.g. "Hostile requests: 263 cases, 263 passed"), given the recorded outcomes.</summary>
        public Func<IReadOnlyDictionary<string, Outcome>, string>? Headline { get; set; }

        /// <summary>Lines after the headline (e.g. per group), given the recorded outcomes.</summary>
        public Func<IReadOnlyDictionary<string, Outcome>, IEnumerable<string>>? Details { get; set; }

        public void Record(string caseName, string? failure, object? detail = null) => _cases[caseName] = new Outcome(failure, detail);

        public IReadOnlyDictionary<string, Outcome> Cases => _cases;

        public IEnumerable<string> Report()
        {
            var passed = _cases.Values.Count(o => o.Failure is null);
            yield return Headline?.Invoke(_cases) ?? $"{Name}: {_cases.Count} cases, {passed} passed";
            foreach (var line in Details?.Invoke(_cases) ?? [])
            {
                yield return "  " + line;
            }

            foreach (var (name, outcome) in _cases.Where(c => c.Value.Failure is not null).OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                yield return $"  FAILED {name}: {outcome.Failure}";
            }
        }
    }

    /// <summary>A case's outcome: null <see cref="Failure"/> when it passed; <see cref="Detail"/> for the suite's own report.</summary>
    public sealed record Outcome(string? Failure, object? Detail);
}
