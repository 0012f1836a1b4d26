using System.Text;
using Bff.Hosting;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Debugging;
using Serilog.Events;
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
        var problems = new StringBuilder();
        SelfLog.Enable(message => { lock (problems) { problems.AppendLine(message); } });
        try
        {
            using var logger = new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger();
        }
        finally
        {
            SelfLog.Disable();
        }

        // SelfLog is process-wide: other hosts starting in parallel may report their own configuration, so look for ours only.
        Assert.False(problems.ToString().Contains("method called BatchedConsole", StringComparison.Ordinal), problems.ToString());
    }

    private static LogEvent Event(string text) =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse(text), []);

    private sealed class CountingStream : MemoryStream
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (this)
            {
                Interlocked.Increment(ref _writes);
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
