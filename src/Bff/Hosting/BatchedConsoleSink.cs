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
/// When standard output cannot keep up, loggers wait (as with the console sink) rather than memory growing or
/// events being dropped. Nothing is lost at shutdown: disposing writes what is left.
/// </summary>
public sealed class BatchedConsoleSink : ILogEventSink, IDisposable
{
    /// <summary>Beyond this many queued events, loggers wait for the writer.</summary>
    internal const int MaxQueuedEvents = 50_000;

    private readonly ITextFormatter _formatter;
    private readonly TimeSpan _delay;
    private readonly object _gate = new(); // Monitor.Wait/Pulse need an object, not a Lock
    private readonly SemaphoreSlim _pending = new(0, 1);
    private readonly Task _writer;
    private readonly StreamWriter _text;
    private List<LogEvent> _filling = [];
    private List<LogEvent> _writing = [];
    private bool _signalled;
    private bool _disposed;

    public BatchedConsoleSink(ITextFormatter formatter, Stream output, TimeSpan delay)
    {
        _formatter = formatter;
        _delay = delay;
        _text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 256 * 1024) { AutoFlush = false };
        _writer = Task.Run(WriteLoopAsync);
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return; // the logger is being disposed: its last events are already written
            }

            while (_filling.Count >= MaxQueuedEvents && !_disposed)
            {
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(100));
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

        _writer.Wait(TimeSpan.FromSeconds(5));
        _pending.Dispose();
        _text.Dispose();
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

    private void Write(List<LogEvent> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var logEvent in batch)
            {
                _formatter.Format(logEvent, _text);
            }

            _text.Flush();
        }
        catch (IOException ex)
        {
            SelfLog.WriteLine("BatchedConsoleSink could not write {0} events to standard output: {1}", batch.Count, ex.Message);
        }
        finally
        {
            batch.Clear();
        }
    }
}
