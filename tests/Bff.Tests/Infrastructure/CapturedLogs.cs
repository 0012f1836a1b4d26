using System.Collections.Concurrent;
using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace Bff.Tests.Infrastructure;

/// <summary>Every Serilog event the app writes, registered in DI (the app reads sinks with ReadFrom.Services).</summary>
public sealed class CapturedLogs : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public IEnumerable<LogEvent> WithEventName(string name) =>
        Events.Where(e => e.Properties.TryGetValue("EventId", out var id) && id.ToString().Contains($"\"{name}\"", StringComparison.Ordinal));

    /// <summary>The <c>EventId.Name</c> of a Microsoft.Extensions.Logging event, or null.</summary>
    public static string? EventName(LogEvent e) =>
        e.Properties.TryGetValue("EventId", out var id) && id is StructureValue s
            && s.Properties.FirstOrDefault(p => p.Name == "Name")?.Value is ScalarValue { Value: string name }
            ? name
            : null;

    /// <summary>Waits (bounded) until an event matching <paramref name="predicate"/> has been captured.</summary>
    public async Task<LogEvent> WaitForAsync(Func<LogEvent, bool> predicate, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            if (Events.FirstOrDefault(predicate) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The expected log event was not captured within 5 s.");
            }

            await Task.Delay(20, ct);
        }
    }

    public static string? Property(LogEvent e, string name) =>
        e.Properties.TryGetValue(name, out var v) ? (v is ScalarValue { Value: var s } ? s?.ToString() : v.ToString()) : null;

    /// <summary>Everything that was logged, as text: messages, every property, exceptions.</summary>
    public string AllText()
    {
        var text = new StringBuilder();
        foreach (var e in Events)
        {
            text.Append(e.MessageTemplate.Text).Append(' ').Append(e.RenderMessage()).Append(' ');
            foreach (var (key, value) in e.Properties)
            {
                text.Append(key).Append('=').Append(value).Append(' ');
            }

            text.AppendLine(e.Exception?.ToString());
        }

        return text.ToString();
    }
}
