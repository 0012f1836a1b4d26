using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Bff.Hosting;

/// <summary>
/// Writes log events to standard output in batches: the events of the last few milliseconds are formatted into one
/// buffer and written with one system call, off the request path. Serilog's console sink writes and flushes each
/// event under a lock on the request's own thread, which at the BFF's request rates cost more than the request itself.
/// </summary>
public sealed class BatchedConsoleSink(ITextFormatter formatter, Stream output) : IBatchedLogEventSink, IDisposable
{
    private readonly StreamWriter _writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024) { AutoFlush = false };

    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        foreach (var logEvent in batch)
        {
            formatter.Format(logEvent, _writer);
        }

        await _writer.FlushAsync();
    }

    public Task OnEmptyBatchAsync() => Task.CompletedTask;

    public void Dispose() => _writer.Dispose();
}
