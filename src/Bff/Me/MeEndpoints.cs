using Bff.Hosting;
using Bff.RateLimiting;
using Bff.Security;
using Bff.Sessions;
using Bff.Stytch;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bff.Me;

/// <summary>The current user's endpoints. The user is always the session's; nothing in the request can name another.</summary>
public static class MeEndpoints
{
    public static RouteGroupBuilder MapMe(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/me")
            .WithTags("Me")
            .RequireCsrf()
            .RequireAuthorization()
            .DisableHttpCache()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("", GetMe);
        group.MapGet("/connected-apps", GetConnectedApps).RequireStytchRateLimit().ProducesProblem(StatusCodes.Status502BadGateway);
        group.MapPost("/connected-apps/{id}/revoke", RevokeConnectedApp).RequireStytchRateLimit()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        group.MapOAuthAuthorize();
        return group;
    }

    /// <summary>The user and session from the server-side session: no network call while the JWT is fresh.</summary>
    public static Ok<MeResponse> GetMe(BffSession session, CancellationToken ct) => TypedResults.Ok(MeResponse.From(session));

    public static async Task<Results<Ok<ConnectedAppsResponse>, ProblemHttpResult>> GetConnectedApps(
        BffSession session, StytchClient stytch, HttpContext context, CancellationToken ct)
    {
        var result = await stytch.GetConnectedAppsAsync(session.UserId, ct);
        return result.Value is { } apps
            ? TypedResults.Ok(apps)
            : StytchProblems.ToResult(result.Failure!, StytchCallKind.ProjectCredentials, context);
    }

    public static async Task<Results<Ok<StytchAck>, ProblemHttpResult>> RevokeConnectedApp(
        string id, BffSession session, StytchClient stytch, ILoggerFactory loggers, HttpContext context, CancellationToken ct)
    {
        if (!ConnectedAppId.TryParse(id, out var appId))
        {
            return BffProblems.Result(StatusCodes.Status400BadRequest, "invalid_connected_app_id",
                $"A Connected App id is 1 to {ConnectedAppId.MaxLength} letters, digits, '-' or '_'.");
        }

        var audit = loggers.CreateLogger(ConnectedAppAudit.Category);
        var result = await stytch.RevokeConnectedAppAsync(session.UserId, appId.Value, ct);
        if (result.Value is { } ok)
        {
            ConnectedAppAudit.Revoked(audit, session.UserId.Value, appId.Value.Value, "revoked", ok.RequestId);
            return TypedResults.Ok(new StytchAck(StatusCodes.Status200OK, ok.RequestId));
        }

        var failure = result.Failure!;
        ConnectedAppAudit.RevokeFailed(audit, session.UserId.Value, appId.Value.Value, failure.ErrorType ?? failure.Kind.ToString(), failure.RequestId);
        return StytchProblems.ToResult(failure, StytchCallKind.ProjectCredentials, context);
    }
}
