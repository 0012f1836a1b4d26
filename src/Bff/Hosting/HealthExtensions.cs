using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bff.Hosting;

/// <summary>
/// <c>/healthz</c> (liveness: the process answers; no dependency is checked) and <c>/readyz</c> (readiness: every check
/// tagged <see cref="ReadyTag"/>: Redis when configured, the Stytch configuration). Unauthenticated, no CSRF, served
/// before routing and authentication so a probe never touches the session store; logged at Verbose.
/// </summary>
public static class HealthExtensions
{
    public const string ReadyTag = "ready";
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    public static IServiceCollection AddBffHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StytchConfigurationHealthCheck>("stytch_configuration", tags: [ReadyTag]);
        return services;
    }

    public static IApplicationBuilder UseBffHealthChecks(this IApplicationBuilder app)
    {
        app.UseHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.UseHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary><c>{"status":"Healthy","checks":{"redis":"Healthy",…}}</c>: states only, never exception text.</summary>
    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteString(name, entry.Status.ToString());
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
