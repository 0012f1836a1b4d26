using Microsoft.AspNetCore.Http.HttpResults;

namespace Stytch.Emulator.Infrastructure;

/// <summary><c>GET /emulator/health</c>: for scripts that wait until a standalone emulator is up.</summary>
internal static class HealthEndpoints
{
    public static RouteHandlerBuilder MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/emulator/health", Health).WithPublicOperation("emulator.health");

    public static JsonHttpResult<HealthResponse> Health(EmulatorOptions options) =>
        TypedResults.Json(new HealthResponse("ok", options.ProjectId), EmulatorJsonContext.Default.HealthResponse);
}

/// <summary>The health body: <c>{"status":"ok","project_id":…}</c>.</summary>
internal sealed record HealthResponse(string Status, string ProjectId);
