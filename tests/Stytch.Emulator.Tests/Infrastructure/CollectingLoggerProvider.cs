namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>Collects every log line (event name and message) in a list, for tests that inspect what was logged.</summary>
internal sealed class CollectingLoggerProvider(List<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CollectingLogger(lines);

    public void Dispose()
    {
    }

    private sealed class CollectingLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add($"{eventId.Name} {formatter(state, exception)} {exception}");
            }
        }
    }
}
