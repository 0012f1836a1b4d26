using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Bff.Tests.Hosting;

/// <summary>
/// A request path is the caller's text. Written to the console as it is, CR/LF would start a forged log line and ESC
/// sequences would drive the reader's terminal. Checked with the formatter each environment's configuration file
/// really sets up (appsettings.json, plus appsettings.Development.json for Development), on the request-log event.
/// </summary>
public sealed class ConsoleLogEscapingTests
{
    private const string Forged = "/x\r\n[12:00:00 INF] Forged line\u001b[2J\u001b]0;pwned\u0007\u009b31m\u0085\u2028end\u202E";

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public void ARequestPathCannotStartALineOrSendATerminalEscapeToTheConsole(string environment)
    {
        var output = Render(environment, "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms", "GET", Forged, 404, 1.5);

        Assert.EndsWith("\n", output, StringComparison.Ordinal);
        Assert.Equal(1, output.Count(c => c == '\n'));
        var raw = output[..^1].Where(c => char.IsControl(c) && (environment == "Development" || c < ' ')).Select(c => $"U+{(int)c:X4}").ToList();
        Assert.True(raw.Count == 0, $"{environment} console line has raw control characters {string.Join(", ", raw)}: {output}");
        Assert.Contains("Forged line", output, StringComparison.Ordinal); // escaped, not dropped
    }

    [Fact]
    public void DevelopmentEscapesLineSeparatorsAndDirectionOverridesAndKeepsOrdinaryText()
    {
        var output = Render("Development", "Request refused on route {RouteId} for {Path}", "café-route", "/ünïcode/ok\u2028\u202Eevil");

        Assert.Contains("café-route", output, StringComparison.Ordinal);
        Assert.Contains("/ünïcode/ok", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u2028', output);
        Assert.DoesNotContain('\u202E', output);
        Assert.Contains(@"\u2028", output, StringComparison.Ordinal);
        Assert.Contains(@"\u202E", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// One event through the console formatter of <paramref name="environment"/>'s configuration, with the sink
    /// swapped for an in-memory writer (the same <c>Args</c>, so the same formatter).
    /// </summary>
    private static string Render(string environment, string template, params object?[] values)
    {
        var key = Guid.NewGuid().ToString("N");
        var files = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false);
        if (environment == "Development")
        {
            files.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json"), optional: false);
        }

        var configuration = files.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serilog:Using:99"] = typeof(TestTextSinkExtensions).Assembly.GetName().Name,
            ["Serilog:WriteTo:Console:Name"] = nameof(TestTextSinkExtensions.TestText),
            ["Serilog:WriteTo:Console:Args:key"] = key,
        }).Build();

        using (var logger = new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger())
        {
            logger.Warning(template, values);
        }

        return TestTextSinkExtensions.Take(key);
    }
}

/// <summary><c>"Name": "TestText"</c>: a sink that formats into memory with the configured formatter.</summary>
public static class TestTextSinkExtensions
{
    private static readonly ConcurrentDictionary<string, StringWriter> Writers = new();

    public static LoggerConfiguration TestText(this LoggerSinkConfiguration sinkConfiguration, ITextFormatter formatter, string key, LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose) =>
        sinkConfiguration.Sink(new TextSink(formatter, Writers.GetOrAdd(key, _ => new StringWriter())), restrictedToMinimumLevel);

    public static string Take(string key) => Writers.TryRemove(key, out var writer) ? writer.ToString() : "";

    private sealed class TextSink(ITextFormatter formatter, StringWriter writer) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            lock (writer)
            {
                formatter.Format(logEvent, writer);
            }
        }
    }
}
