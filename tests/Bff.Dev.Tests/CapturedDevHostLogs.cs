using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bff.Dev.Tests;

/// <summary>The dev host's own log lines (Microsoft.Extensions.Logging, before the BFF starts), with their properties.</summary>
public sealed class CapturedDevHostLogs : ILogger
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public IEnumerable<Entry> WithEventName(string name) => Entries.Where(e => e.EventId.Name == name);

    public string AllText() => string.Join('\n', Entries.Select(e => e.Message + " " + string.Join(' ', e.Properties.Select(p => $"{p.Key}={p.Value}"))));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(p => p.Key, p => p.Value?.ToString(), StringComparer.Ordinal)
            : [];
        _entries.Enqueue(new Entry(logLevel, eventId, formatter(state, exception), properties));
    }

    public sealed record Entry(LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, string?> Properties)
    {
        public string? Property(string name) => Properties.GetValueOrDefault(name);
    }
}
