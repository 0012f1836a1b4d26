using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting;

namespace Bff.Hosting;

/// <summary><c>"WriteTo": { "Console": { "Name": "BatchedConsole", "Args": { "formatter": … } } }</c> in the <c>Serilog</c> section (with <c>"Using": ["Bff"]</c>).</summary>
public static class BatchedConsoleSinkExtensions
{
    /// <summary>
    /// For tests: the stream that sinks configured on this async flow write to instead of standard output (a test
    /// proves that the app's logging configuration really builds this sink, by what reaches the stream).
    /// </summary>
    internal static readonly AsyncLocal<Stream?> OutputOverride = new();

    /// <summary>
    /// Standard output, written at most every <paramref name="batchMilliseconds"/> with one system call (events reach
    /// the terminal that much later); see <see cref="BatchedConsoleSink"/>.
    /// </summary>
    public static LoggerConfiguration BatchedConsole(
        this LoggerSinkConfiguration sinkConfiguration,
        ITextFormatter formatter,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose,
        int batchMilliseconds = 5)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        ArgumentOutOfRangeException.ThrowIfNegative(batchMilliseconds);
        return sinkConfiguration.Sink(
            new BatchedConsoleSink(formatter, OutputOverride.Value ?? Console.OpenStandardOutput(), TimeSpan.FromMilliseconds(batchMilliseconds)),
            restrictedToMinimumLevel);
    }
}
