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
    public async Task EveryEventOfABatchIsWrittenAsOneLineWithOneWrite()
    {
        var output = new CountingStream();
        using var sink = new BatchedConsoleSink(new RenderedCompactJsonFormatter(), output);
        var events = Enumerable.Range(1, 250).Select(i => Event($"request {i}")).ToList();

        await sink.EmitBatchAsync(events);

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(250, lines.Length);
        Assert.Contains("request 250", lines[^1], StringComparison.Ordinal);
        Assert.Equal(1, output.Writes);
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
        public int Writes { get; private set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            base.Write(buffer);
        }
    }
}
