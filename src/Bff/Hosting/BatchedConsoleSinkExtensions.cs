using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting;

namespace Bff.Hosting;

/// <summary><c>"WriteTo": [{ "Name": "BatchedConsole", "Args": { "formatter": … } }]</c> in the <c>Serilog</c> section (with <c>"Using": ["Bff"]</c>).</summary>
public static class BatchedConsoleSinkExtensions
{
    /// <summary>
    /// Standard output, written in batches of at most <paramref name="batchMilliseconds"/> (events reach the terminal
    /// that much later). At most <paramref name="queueLimit"/> events wait; beyond that, new events are dropped rather
    /// than let memory grow without bound when standard output is blocked. Pending events are written at shutdown.
    /// </summary>
    public static LoggerConfiguration BatchedConsole(
        this LoggerSinkConfiguration sinkConfiguration,
        ITextFormatter formatter,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose,
        int batchMilliseconds = 50,
        int queueLimit = 200_000)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        return sinkConfiguration.Sink(
            new BatchedConsoleSink(formatter, Console.OpenStandardOutput()),
            new BatchingOptions
            {
                BatchSizeLimit = 2_000,
                BufferingTimeLimit = TimeSpan.FromMilliseconds(batchMilliseconds),
                EagerlyEmitFirstEvent = true,
                QueueLimit = queueLimit,
            },
            restrictedToMinimumLevel);
    }
}
