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
