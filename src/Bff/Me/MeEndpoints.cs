using Bff.Hosting;
using Bff.RateLimiting;
using Bff.Security;
using Bff.Sessions;
using Bff.Stytch;
using Bff.Telemetry;
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
        group.MapGet("/connected-apps", GetConnectedApps).RequireStytchRateLimit().ProducesStytchProblems();
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

    public static async Task<Results<Ok<ConnectedAppsResponse>, StytchProblemResult>> GetConnectedApps(
        BffSession session, StytchClient stytch, StytchProblems problems, CancellationToken ct)
    {
        var result = await stytch.GetConnectedAppsAsync(session.UserId, ct);
        return result.Value is { } apps
            ? TypedResults.Ok(apps)
            : problems.ToResult(result.Failure!, StytchCallKind.ProjectCredentials);
    }

    public static async Task<Results<Ok<StytchAck>, ProblemHttpResult, StytchProblemResult>> RevokeConnectedApp(
        string id, BffSession session, [AsParameters] RevokeServices services, CancellationToken ct)
    {
        var (stytch, metrics, loggers, problems) = services;
        if (!ConnectedAppId.TryParse(id, out var appId))
        {
            metrics.ConnectedAppRevocationInvalid();
            return BffProblems.Result(StatusCodes.Status400BadRequest, "invalid_connected_app_id",
                $"A Connected App id is 1 to {ConnectedAppId.MaxLength} letters, digits, '-' or '_'.");
        }

        var audit = loggers.CreateLogger(AuditLog.Category);
        var result = await stytch.RevokeConnectedAppAsync(session.UserId, appId.Value, ct);
        if (result.Value is { } ok)
        {
            ConnectedAppAudit.Revoked(audit, session.UserId.Value, appId.Value.Value, "revoked", ok.RequestId);
            metrics.ConnectedAppRevoked();
            return TypedResults.Ok(new StytchAck(StatusCodes.Status200OK, ok.RequestId));
        }

        var failure = result.Failure!;
        ConnectedAppAudit.RevokeFailed(audit, session.UserId.Value, appId.Value.Value, failure.ErrorType ?? failure.Kind.ToString(), failure.RequestId);
        metrics.ConnectedAppRevocationFailed(failure);
        return problems.ToResult(failure, StytchCallKind.ProjectCredentials);
    }

    /// <summary>What a revoke uses, bound with <c>[AsParameters]</c>.</summary>
    public readonly record struct RevokeServices(StytchClient Stytch, BffMetrics Metrics, ILoggerFactory Loggers, StytchProblems Problems);
}
