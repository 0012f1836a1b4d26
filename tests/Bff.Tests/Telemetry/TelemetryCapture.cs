using System.Diagnostics;
using Bff.Telemetry;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Bff.Tests.Telemetry;

/// <summary>
/// The BFF's own instrumentation (<see cref="TelemetryExtensions.AddBffInstrumentation(TracerProviderBuilder)"/> and
/// its metrics twin) with an in-memory exporter in place of OTLP. Activity listeners are process-wide, so the tests
/// that use it run in the <see cref="TelemetryTestGroup"/>, alone.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly LockedCollection<Activity> _spans = new();
    private readonly LockedCollection<MetricSnapshot> _metrics = new();
    private IServiceProvider? _services;

    public void AddTo(BffFactory factory) => factory.TestServices.Add(services => services.AddOpenTelemetry()
        .ConfigureResource(TelemetryExtensions.ConfigureResource)
        .WithTracing(tracing => tracing.AddBffInstrumentation().AddInMemoryExporter(_spans))
        .WithMetrics(metrics => metrics.AddBffInstrumentation().AddInMemoryExporter(_metrics)));

    /// <summary>Every span ended so far (a copy: spans end on request threads while the test reads).</summary>
    public IReadOnlyList<Activity> Spans => _spans.Snapshot();

    /// <summary>Waits (bounded, 10 s) until a span matching <paramref name="predicate"/> has ended.</summary>
    public async Task<Activity> SpanAsync(Func<Activity, bool> predicate, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (Spans.FirstOrDefault(predicate) is { } span)
            {
                return span;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"No span {what} within 10 s. Spans: {string.Join(", ", Spans.Select(s => $"{s.Source.Name}:{s.DisplayName}"))}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Collects the metrics now and returns the latest snapshot of each (cumulative).</summary>
    public IReadOnlyDictionary<string, MetricSnapshot> CollectMetrics(BffFactory factory)
    {
        _services ??= factory.Services;
        _services.GetRequiredService<MeterProvider>().ForceFlush();
        return _metrics.Snapshot().GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
    }

    /// <summary>The sum of a counter's points (or a histogram's counts) whose tags include all of <paramref name="tags"/>.</summary>
    public static long Count(IReadOnlyDictionary<string, MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags)
    {
        if (!metrics.TryGetValue(name, out var metric))
        {
            return 0;
        }

        long total = 0;
        foreach (var point in metric.MetricPoints)
        {
            var pointTags = Tags(point);
            if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && Equals(v?.ToString(), t.Value)))
            {
                total += metric.MetricType == MetricType.Histogram ? point.GetHistogramCount() : point.GetSumLong();
            }
        }

        return total;
    }

    public static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryTestGroup
{
    public const string Name = "Telemetry (process-wide listeners)";
}

/// <summary>A collection the exporters add to from any thread while the test reads copies.</summary>
internal sealed class LockedCollection<T> : System.Collections.ObjectModel.Collection<T>
{
    private readonly Lock _lock = new();

    public IReadOnlyList<T> Snapshot()
    {
        lock (_lock)
        {
            return [.. this];
        }
    }

    protected override void InsertItem(int index, T item)
    {
        lock (_lock)
        {
            base.InsertItem(index, item);
        }
    }

    protected override void ClearItems()
    {
        lock (_lock)
        {
            base.ClearItems();
        }
    }
}
