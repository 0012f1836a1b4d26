using System.Text;
using Bff.Hosting;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Parsing;

namespace Bff.Tests.Hosting;

public sealed class BatchedConsoleSinkTests
{
    [Fact]
    public void EventsLoggedTogetherAreWrittenTogetherOneLineEachAndNoneIsLostAtShutdown()
    {
        var output = new CountingStream();
        var sink = new BatchedConsoleSink(new RenderedCompactJsonFormatter(), output, TimeSpan.FromMilliseconds(200));

        Parallel.For(1, 1001, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => sink.Emit(Event($"request {i}")));
        sink.Dispose();

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1000, lines.Length);
        Assert.Equal(1000, lines.Distinct().Count());
        Assert.All(lines, line => Assert.StartsWith("{\"@t\":", line, StringComparison.Ordinal));
        Assert.InRange(output.Writes, 1, 10); // batched: a thousand events, a handful of writes
    }

    [Fact]
    public async Task AnEventTheFormatterThrowsOnIsDroppedAloneAndReportedAndTheWriterGoesOn()
    {
        using var selfLog = new SelfLogCapture();
        var output = new CountingStream();
        var sink = new BatchedConsoleSink(new ThrowingFormatter("boom"), output, TimeSpan.FromMilliseconds(200));

        sink.Emit(Event("first"));
        sink.Emit(Event("boom"));
        sink.Emit(Event("second"));
        await WaitUntilAsync(() => output.Writes > 0);
        sink.Emit(Event("third")); // a later batch: the writer is still alive
        sink.Dispose();

        var lines = Lines(output);
        string[] expected = ["first", "second", "third"];
        Assert.Equal(expected, lines.Select(l => l[(l.IndexOf("\"@m\":\"", StringComparison.Ordinal) + 6)..].Split('"')[0]));
        Assert.DoesNotContain(lines, l => l.Contains("half", StringComparison.Ordinal)); // no half-formatted event
        Assert.Contains("dropped 1 of 3 events its formatter failed on", selfLog.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABatchTheOutputRefusesWithAnyExceptionIsLostAloneAndReportedAndTheNextBatchIsWritten()
    {
        using var selfLog = new SelfLogCapture();
        var output = new CountingStream { FailNextWrite = new InvalidOperationException("not an IOException") };
        var sink = new BatchedConsoleSink(new RenderedCompactJsonFormatter(), output, TimeSpan.FromMilliseconds(5));

        sink.Emit(Event("lost"));
        await WaitUntilAsync(() => output.Writes > 0);
        sink.Emit(Event("kept"));
        sink.Dispose();

        var line = Assert.Single(Lines(output));
        Assert.Contains("kept", line, StringComparison.Ordinal);
        Assert.Contains("could not write 1 events to standard output", selfLog.Text, StringComparison.Ordinal);
        Assert.Contains("not an IOException", selfLog.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheOutputBlocksLoggersWaitForRoomInTheQueueAndNothingIsLostOnceItDrains()
    {
        var output = new CountingStream();
        output.Block();
        var sink = new BatchedConsoleSink(new RenderedCompactJsonFormatter(), output, TimeSpan.FromMilliseconds(1), maxQueuedEvents: 100);

        var logging = Task.Run(() => { for (var i = 1; i <= 1000; i++) sink.Emit(Event($"request {i}")); }, TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => output.Blocked && sink.Queued == 100);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(logging.IsCompleted); // back-pressure: the logger waits, nothing is dropped, memory stays bounded
        Assert.Equal(100, sink.Queued);

        output.Release();
        await logging.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        sink.Dispose();

        var lines = Lines(output);
        Assert.Equal(1000, lines.Length);
        Assert.Equal(1000, lines.Distinct().Count());
    }

    [Fact]
    public async Task AFormatterThatAlwaysThrowsNeverBlocksLoggersThoughTheQueueIsSmall()
    {
        using var selfLog = new SelfLogCapture();
        var output = new CountingStream();
        var sink = new BatchedConsoleSink(new ThrowingFormatter(""), output, TimeSpan.FromMilliseconds(1), maxQueuedEvents: 10);

        var logging = Task.Run(() => { for (var i = 1; i <= 1000; i++) sink.Emit(Event($"request {i}")); }, TestContext.Current.CancellationToken);
        await logging.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        sink.Dispose();

        Assert.Empty(Lines(output));
        Assert.Contains("its formatter failed on", selfLog.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposingWithAStuckOutputReturnsWithinItsTimeoutAndReleasesWaitingLoggers()
    {
        var output = new CountingStream();
        output.Block();
        try
        {
            var sink = new BatchedConsoleSink(new RenderedCompactJsonFormatter(), output, TimeSpan.FromMilliseconds(1), maxQueuedEvents: 10);
            var logging = Task.Run(() => { for (var i = 1; i <= 100; i++) sink.Emit(Event($"request {i}")); }, TestContext.Current.CancellationToken);
            await WaitUntilAsync(() => output.Blocked && sink.Queued == 10);

            var disposing = Task.Run(sink.Dispose, TestContext.Current.CancellationToken);

            await disposing.WaitAsync(BatchedConsoleSink.DisposeTimeout + TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            await logging.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken); // released, not stuck
            var late = Task.Run(() => sink.Emit(Event("after shutdown")), TestContext.Current.CancellationToken);
            await late.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }
        finally
        {
            output.Release();
        }
    }

    [Fact]
    public async Task AnEventReachesStandardOutputWithinTheBatchDelayWithoutMoreEventsToPushIt()
    {
        var output = new CountingStream();
        using var sink = new BatchedConsoleSink(new RenderedCompactJsonFormatter(), output, TimeSpan.FromMilliseconds(5));

        sink.Emit(Event("alone"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (output.Writes == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Contains("alone", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public void TheAppsLoggingConfigurationFindsTheBatchedConsoleSink(string environment)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: false)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .Build();
        Assert.Equal("BatchedConsole", configuration["Serilog:WriteTo:Console:Name"]);
        var output = new CountingStream();
        var marker = $"configured-sink-{Guid.NewGuid():N}";
        BatchedConsoleSinkExtensions.OutputOverride.Value = output;
        try
        {
            using var logger = new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger();
            logger.Warning("{Marker} reached the configured sink", marker);
        }
        finally
        {
            BatchedConsoleSinkExtensions.OutputOverride.Value = null;
        }

        // Disposing the logger wrote what was queued: the event is there, once, written by the batched sink in the
        // environment's format (compact JSON in production, the console template in development).
        var line = Assert.Single(Lines(output), l => l.Contains(marker, StringComparison.Ordinal));
        Assert.Equal(environment == "Production", line.StartsWith("{\"@t\":", StringComparison.Ordinal));
        Assert.InRange(output.Writes, 1, 2);
    }

    private static LogEvent Event(string text) =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse(text), []);

    private static string[] Lines(CountingStream output) =>
        Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Polls (bounded: 10 s) until the condition holds; fails the test otherwise.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Compact JSON, except for events whose message contains the marker: half an event, then an exception.</summary>
    private sealed class ThrowingFormatter(string marker) : ITextFormatter
    {
        private readonly RenderedCompactJsonFormatter _inner = new();

        public void Format(LogEvent logEvent, TextWriter output)
        {
            if (logEvent.MessageTemplate.Text.Contains(marker, StringComparison.Ordinal))
            {
                output.Write("{\"half");
                throw new FormatException("the formatter failed");
            }

            _inner.Format(logEvent, output);
        }
    }

    /// <summary>Serilog's SelfLog (process-wide), captured while the test runs.</summary>
    private sealed class SelfLogCapture : IDisposable
    {
        private readonly StringWriter _text = new();

        public SelfLogCapture() => SelfLog.Enable(TextWriter.Synchronized(_text));

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public void Dispose() => SelfLog.Disable();
    }

    private sealed class CountingStream : MemoryStream
    {
        private readonly ManualResetEventSlim _open = new(initialState: true);
        private int _writes;
        private Exception? _fail;
        private volatile bool _blocked;

        public int Writes => Volatile.Read(ref _writes);

        /// <summary>Thrown by the next write (once).</summary>
        public Exception? FailNextWrite
        {
            get => Volatile.Read(ref _fail);
            set => Volatile.Write(ref _fail, value);
        }

        /// <summary>A write is waiting in <see cref="Block"/>.</summary>
        public bool Blocked => _blocked;

        /// <summary>From now on writes wait until <see cref="Release"/>, as a full pipe would.</summary>
        public void Block() => _open.Reset();

        public void Release() => _open.Set();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Interlocked.Increment(ref _writes);
            if (Interlocked.Exchange(ref _fail, null) is { } failure)
            {
                throw failure;
            }

            _blocked = !_open.IsSet;
            _open.Wait(TimeSpan.FromSeconds(60));
            _blocked = false;
            lock (this)
            {
                base.Write(buffer, offset, count);
            }
        }

        public override byte[] ToArray()
        {
            lock (this)
            {
                return base.ToArray();
            }
        }
    }
}
