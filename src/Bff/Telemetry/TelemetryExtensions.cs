using Bff.Hosting;
using Bff.Redis;
using Bff.Stytch;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Bff.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics, exported with OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c>, <c>OTEL_SERVICE_NAME</c> and
/// <c>OTEL_RESOURCE_ATTRIBUTES</c> honoured). Without it no tracer or meter provider exists: nothing listens, nothing
/// is exported, and the instrumented code pays only its null checks.
/// </summary>
public static class TelemetryExtensions
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string DefaultServiceName = "stytch-bff";

    public static WebApplicationBuilder AddBffTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BffMetrics>();
        builder.Services.AddExceptionHandler<SessionStoreFailureObserver>();
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointKey]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(ConfigureResource)
            .WithTracing(tracing => tracing.AddBffInstrumentation().AddOtlpExporter())
            .WithMetrics(metrics => metrics.AddBffInstrumentation().AddOtlpExporter());
        return builder;
    }

    /// <summary>The service name is <see cref="DefaultServiceName"/> unless OTEL_SERVICE_NAME (or OTEL_RESOURCE_ATTRIBUTES) says otherwise.</summary>
    public static void ConfigureResource(ResourceBuilder resource) =>
        resource.AddService(DefaultServiceName, serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString())
            .AddEnvironmentVariableDetector();

    /// <summary>
    /// What the BFF traces: incoming requests (not the health probes), every Stytch call (the BFF's span with the
    /// operation, status and Stytch's request_id, over one HttpClient span per attempt), the YARP hop and its
    /// HttpClient span, and Redis commands. Query strings are cut off before any exporter sees a span.
    /// </summary>
    public static TracerProviderBuilder AddBffInstrumentation(this TracerProviderBuilder tracing) =>
        tracing
            .AddSource(BffActivitySource.Name, "Yarp.ReverseProxy")
            .AddAspNetCoreInstrumentation(o =>
            {
                o.Filter = context => !IsProbe(context.Request.Path);
                o.EnrichWithHttpResponse = static (activity, response) =>
                    activity.SetTag(BffActivitySource.BffRequestIdTag, RequestIdMiddleware.Get(response.HttpContext));
            })
            .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = static (activity, request) =>
            {
                if (StytchCall.Of(request) is { } call)
                {
                    activity.SetTag(BffMetrics.StytchOperationTag, call.Operation);
                }
            })
            .AddRedisInstrumentation()
            .ConfigureRedisInstrumentation((services, redis) =>
            {
                if (services.GetService<RedisConnection>() is { } connection)
                {
                    _ = AddWhenConnectedAsync(connection, redis);
                }
            })
            .AddProcessor(new TelemetryRedactionProcessor());

    /// <summary>ASP.NET Core, HttpClient and .NET runtime metrics, and the BFF's own (<see cref="BffMetrics"/>).</summary>
    public static MeterProviderBuilder AddBffInstrumentation(this MeterProviderBuilder metrics) =>
        metrics
            .AddMeter(BffMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation();

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthExtensions.LivenessPath) || path.StartsWithSegments(HealthExtensions.ReadinessPath);

    /// <summary>The connection is made in the background (see <see cref="SessionStoreStartup"/>); instrument it once it exists.</summary>
    private static async Task AddWhenConnectedAsync(RedisConnection connection, OpenTelemetry.Instrumentation.StackExchangeRedis.StackExchangeRedisInstrumentation redis)
    {
        redis.AddConnection(await connection.GetAsync().ConfigureAwait(false));
    }
}
