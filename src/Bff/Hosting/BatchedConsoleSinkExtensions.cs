using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting;

namespace Bff.Hosting;

/// <summary><c>"WriteTo": { "Console": { "Name": "BatchedConsole", "Args": { "formatter": … } } }</c> in the <c>Serilog</c> section (with <c>"Using": ["Bff"]</c>).</summary>
public static class BatchedConsoleSinkExtensions
{
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
            new BatchedConsoleSink(formatter, Console.OpenStandardOutput(), TimeSpan.FromMilliseconds(batchMilliseconds)),
            restrictedToMinimumLevel);
    }
}
