using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bff.Hosting;

/// <summary>
/// <c>/healthz</c> (liveness: the process answers; no dependency is checked) and <c>/readyz</c> (readiness: every check
/// tagged <see cref="ReadyTag"/>: Redis when configured, the Stytch configuration). Unauthenticated, no CSRF, and
/// short-circuited: the routing middleware answers them at once, before authentication, so a probe never touches the
/// session store; logged at Verbose. Mapped as documented endpoints, so they are in the OpenAPI document.
/// </summary>
public static class HealthExtensions
{
    public const string ReadyTag = "ready";
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    public static IServiceCollection AddBffHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StytchConfigurationHealthCheck>("stytch_configuration", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapBffHealth(this IEndpointRouteBuilder app)
    {
        app.MapMethods(LivenessPath, Methods, Liveness).WithTags("Health").DisableHttpCache()
            .WithSummary("Liveness: the process answers. No dependency is checked.")
            .ShortCircuit();
        app.MapMethods(ReadinessPath, Methods, Readiness).WithTags("Health").DisableHttpCache()
            .WithSummary("Readiness: the Stytch configuration, and Redis when configured.")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .ShortCircuit();
        return app;
    }

    public static Ok<HealthResponse> Liveness(CancellationToken ct) =>
        TypedResults.Ok(new HealthResponse(nameof(HealthStatus.Healthy), new Dictionary<string, string>()));

    /// <summary>200 while Healthy or Degraded, 503 when Unhealthy, as ASP.NET Core's health checks answer.</summary>
    public static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Readiness(HealthCheckService health, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains(ReadyTag), ct);
        var body = new HealthResponse(report.Status.ToString(), report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString(), StringComparer.Ordinal));
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(body);
    }
}

/// <summary><c>{"status":"Healthy","checks":{"redis":"Healthy",…}}</c>: states only, never exception text.</summary>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string> Checks);
