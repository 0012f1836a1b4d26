using System.Text;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting;

namespace Bff.Hosting;

/// <summary>
/// Standard output without a system call per event, and off the request path: logging an event only queues it; a
/// background writer, woken by the first event, waits a few milliseconds for more, then formats them all and sends
/// them with one write. Serilog's console sink formats, writes and flushes each event under one lock on the
/// request's thread, which at the BFF's request rates cost more than the request itself. Compared with Serilog's
/// periodic batching, the writer sleeps while nothing is logged (no timer ticking when idle) and the batches stay
/// small (a few milliseconds of events), so no burst of formatting delays the requests running beside it.
/// </summary>
/// <remarks>
/// <para>Failures: an event the formatter throws on is dropped alone (each event is formatted apart, so no half line
/// reaches the output); a batch that cannot be written is dropped alone. Both are reported through Serilog's
/// <see cref="SelfLog"/>, and the writer goes on with the next batch: nothing ends it but <see cref="Dispose"/>.</para>
/// <para>Back-pressure: when standard output cannot keep up, loggers wait for room in the queue (as with the console
/// sink) rather than memory growing or events being dropped. Should the writer ever stop, loggers no longer wait:
/// their events are dropped and reported.</para>
/// <para>Shutdown: disposing writes what is queued (waiting at most <see cref="DisposeTimeout"/> for a stuck output)
/// and releases every waiting logger; later events are ignored.</para>
/// </remarks>
public sealed class BatchedConsoleSink : ILogEventSink, IDisposable
{
    /// <summary>Beyond this many queued events, loggers wait for the writer.</summary>
    internal const int DefaultMaxQueuedEvents = 50_000;

    /// <summary>How long disposing waits for the writer to send the last events.</summary>
    internal static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(5);

    private readonly ITextFormatter _formatter;
    private readonly TimeSpan _delay;
    private readonly int _maxQueuedEvents;
    private readonly object _gate = new(); // Monitor.Wait/Pulse need an object, not a Lock
    private readonly SemaphoreSlim _pending = new(0, 1);
    private readonly Task _writer;
    private readonly StreamWriter _text;
    private readonly StringWriter _event = new(new StringBuilder(1024), System.Globalization.CultureInfo.InvariantCulture);
    private List<LogEvent> _filling = [];
    private List<LogEvent> _writing = [];
    private bool _signalled;
    private bool _disposed;

    public BatchedConsoleSink(ITextFormatter formatter, Stream output, TimeSpan delay)
        : this(formatter, output, delay, DefaultMaxQueuedEvents)
    {
    }

    internal BatchedConsoleSink(ITextFormatter formatter, Stream output, TimeSpan delay, int maxQueuedEvents)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueuedEvents, 1);
        _formatter = formatter;
        _delay = delay;
        _maxQueuedEvents = maxQueuedEvents;
        _text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 256 * 1024) { AutoFlush = false };
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Events waiting for the writer (for tests).</summary>
    internal int Queued
    {
        get
        {
            lock (_gate)
            {
                return _filling.Count;
            }
        }
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            while (_filling.Count >= _maxQueuedEvents && !_disposed)
            {
                if (_writer.IsCompleted)
                {
                    // Cannot happen while the loop below is correct; if it ever does, never block the app's threads.
                    SelfLog.WriteLine("BatchedConsoleSink dropped an event: its writer has stopped");
                    return;
                }

                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(100));
            }

            if (_disposed)
            {
                return; // the logger is being disposed: its last events are already written
            }

            _filling.Add(logEvent);
            if (!_signalled)
            {
                _signalled = true;
                _pending.Release();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Monitor.PulseAll(_gate);
            if (!_signalled)
            {
                _signalled = true;
                _pending.Release();
            }
        }

        if (!_writer.Wait(DisposeTimeout))
        {
            // The output is stuck: leave the writer to it (disposing its stream under it would only add an error).
            SelfLog.WriteLine("BatchedConsoleSink gave up waiting {0} for standard output at shutdown", DisposeTimeout);
            return;
        }

        _pending.Dispose();
        _text.Dispose();
        _event.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            await _pending.WaitAsync();
            bool last;
            lock (_gate)
            {
                last = _disposed;
            }

            if (!last)
            {
                await Task.Delay(_delay); // let the events of the next few milliseconds join this write
            }

            lock (_gate)
            {
                (_filling, _writing) = (_writing, _filling);
                _signalled = false;
                last = _disposed;
                Monitor.PulseAll(_gate);
            }

            Write(_writing);
            if (last)
            {
                return;
            }
        }
    }

    /// <summary>Formats and writes one batch. Never throws: a failure loses at most this batch, and is reported.</summary>
    private void Write(List<LogEvent> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            var dropped = 0;
            Exception? formatFailure = null;
            foreach (var logEvent in batch)
            {
                var text = _event.GetStringBuilder().Clear();
                try
                {
                    _formatter.Format(logEvent, _event);
                }
                catch (Exception ex)
                {
                    dropped++;
                    formatFailure ??= ex;
                    continue;
                }

                foreach (var chunk in text.GetChunks())
                {
                    _text.Write(chunk.Span);
                }
            }

            if (formatFailure is not null)
            {
                SelfLog.WriteLine("BatchedConsoleSink dropped {0} of {1} events its formatter failed on: {2}", dropped, batch.Count, formatFailure);
            }

            _text.Flush();
        }
        catch (Exception ex)
        {
            SelfLog.WriteLine("BatchedConsoleSink could not write {0} events to standard output: {1}", batch.Count, ex);
        }
        finally
        {
            batch.Clear();
            if (_event.GetStringBuilder().Capacity > 64 * 1024)
            {
                _event.GetStringBuilder().Clear().Capacity = 1024; // one huge event must not keep its buffer alive
            }
        }
    }
}
