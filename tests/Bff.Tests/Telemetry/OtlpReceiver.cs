using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bff.Tests.Telemetry;

/// <summary>
/// A minimal OTLP/HTTP receiver on a free loopback port (what a collector's <c>otlp</c> receiver does on 4318): it
/// accepts <c>POST /v1/traces</c> and <c>POST /v1/metrics</c> with protobuf bodies, keeps them, and reads the few
/// fields the tests look at (resource attributes, span names and attributes, metric names) with Google.Protobuf's
/// wire-format reader, following the field numbers of opentelemetry-proto.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _posts = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<(string Path, byte[] Body)> Posts => [.. _posts];

    public IEnumerable<byte[]> Traces => Posts.Where(p => p.Path == "/v1/traces").Select(p => p.Body);

    public IEnumerable<byte[]> Metrics => Posts.Where(p => p.Path == "/v1/metrics").Select(p => p.Body);

    public static async Task<OtlpReceiver> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", receiver.ReceiveAsync);
        app.MapPost("/v1/metrics", receiver.ReceiveAsync);
        await app.StartAsync(ct);
        receiver.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return receiver;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        if (context.Request.ContentType != "application/x-protobuf")
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        _posts.Enqueue((context.Request.Path.Value!, body.ToArray()));
        context.Response.ContentType = "application/x-protobuf"; // an empty Export*ServiceResponse: all accepted
        context.Response.ContentLength = 0;
    }

    /// <summary>Waits (bounded, 30 s) until <paramref name="condition"/> holds for what was received.</summary>
    public async Task WaitForAsync(Func<OtlpReceiver, bool> condition, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The receiver did not get {what} within 30 s ({_posts.Count} posts).");
            }

            await Task.Delay(100, ct);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    // ExportTraceServiceRequest{1: ResourceSpans{1: Resource{1: KeyValue}, 2: ScopeSpans{2: Span{5: name, 9: KeyValue}}}}
    public static IEnumerable<OtlpSpan> Spans(byte[] request) =>
        from resourceSpans in Fields(ByteString.CopyFrom(request), 1)
        from scopeSpans in Fields(resourceSpans, 2)
        from span in Fields(scopeSpans, 2)
        select new OtlpSpan(Fields(span, 5).Single().ToStringUtf8(), Attributes(span, 9));

    /// <summary>The resource attributes of every ResourceSpans / ResourceMetrics in a request.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, string>> Resources(byte[] request) =>
        from resourceSignals in Fields(ByteString.CopyFrom(request), 1)
        from resource in Fields(resourceSignals, 1)
        select Attributes(resource, 1);

    // ExportMetricsServiceRequest{1: ResourceMetrics{2: ScopeMetrics{2: Metric{1: name}}}}
    public static IEnumerable<string> MetricNames(byte[] request) =>
        from resourceMetrics in Fields(ByteString.CopyFrom(request), 1)
        from scopeMetrics in Fields(resourceMetrics, 2)
        from metric in Fields(scopeMetrics, 2)
        select Fields(metric, 1).Single().ToStringUtf8();

    /// <summary>KeyValue{1: key, 2: AnyValue{1: string_value, 3: int_value, …}}: string values as they are, others as "(non-string)".</summary>
    private static Dictionary<string, string> Attributes(ByteString message, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in Fields(message, field))
        {
            var key = Fields(keyValue, 1).Single().ToStringUtf8();
            var value = Fields(keyValue, 2).SingleOrDefault() is { } any && Fields(any, 1).SingleOrDefault() is { } text ? text.ToStringUtf8() : "(non-string)";
            attributes[key] = value;
        }

        return attributes;
    }

    /// <summary>The length-delimited occurrences of <paramref name="field"/> in a message; every other field is skipped.</summary>
    private static List<ByteString> Fields(ByteString message, int field)
    {
        var found = new List<ByteString>();
        var input = new CodedInputStream(message.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }
}

public sealed record OtlpSpan(string Name, IReadOnlyDictionary<string, string> Attributes);
