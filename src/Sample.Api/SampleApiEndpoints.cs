using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Sample.Api;

/// <summary>What the API answers: who called (from the verified JWT) and what reached it through the BFF.</summary>
public sealed record HelloResponse(string Sub, string? SessionId, string? RequestId, string? Traceparent, string Path, string Query);

public static class SampleApiEndpoints
{
    private const string StytchSessionClaim = "https://stytch.com/session";

    public static RouteGroupBuilder MapSampleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapGet("/hello", Hello);
        return api;
    }

    public static Ok<HelloResponse> Hello(ClaimsPrincipal user, HttpRequest request, CancellationToken ct) =>
        TypedResults.Ok(new HelloResponse(
            user.FindFirstValue("sub") ?? "",
            SessionId(user),
            request.Headers["X-Request-Id"].FirstOrDefault(),
            request.Headers.TraceParent.FirstOrDefault(),
            request.Path.Value ?? "",
            request.QueryString.Value ?? ""));

    /// <summary>The <c>id</c> of Stytch's <c>https://stytch.com/session</c> claim (a JSON object).</summary>
    private static string? SessionId(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(StytchSessionClaim) is not { } json)
        {
            return null;
        }

        try
        {
            using var session = JsonDocument.Parse(json);
            return session.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
