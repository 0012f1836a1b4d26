using Bff.Hosting;
using Microsoft.Extensions.Options;

namespace Bff.Stytch;

/// <summary>Whether the failed call carried a user secret (a password or a one-time token).</summary>
public enum StytchCallKind
{
    /// <summary>Only the BFF's project credentials: a 401 from Stytch means the BFF is misconfigured.</summary>
    ProjectCredentials,

    /// <summary>A login exchange: a 401/404 from Stytch means the user's password or token was refused.</summary>
    Login,

    /// <summary>
    /// A Connected App authorization for the session's user: a 401 other than the project's credentials refuses the
    /// authorization request itself (e.g. a redirect URL the client has not registered), answered 400 with Stytch's
    /// error_type; never a 401, which the SPA would read as "logged out".
    /// </summary>
    OAuthAuthorization,
}

/// <summary>
/// The one place that turns a Stytch failure into the BFF's HTTP answer (a singleton: handlers take it as a
/// parameter). A failure caused by the BFF's own project credentials is logged as the configuration error it is.
/// </summary>
public sealed partial class StytchProblems(IOptions<StytchOptions> options, ILogger<StytchProblems> logger)
{
    private static readonly HashSet<string> ProjectCredentialErrors = new(StringComparer.Ordinal)
    {
        "invalid_secret_authentication",
        "invalid_project_id_authentication",
        "unauthorized_project_id_test",
        "unauthorized_project_id_live",
        "invalid_authorization_header",
        "no_authorization_header",
    };

    /// <summary>The error_type of a 502 caused by the BFF's own project credentials (Stytch's is in stytch_error_type).</summary>
    public const string ProjectCredentialsRejected = "stytch_project_credentials_rejected";

    /// <summary>
    /// The problem+json answer to <paramref name="failure"/>: Stytch's fields kept (request_id, error_url,
    /// stytch_status_code, stytch_error_type), and on a 429 a <c>Retry-After</c> (Stytch's, or
    /// <see cref="StytchOptions.DefaultRetryAfterSeconds"/>) that the result writes when it is executed.
    /// </summary>
    public StytchProblemResult ToResult(StytchFailure failure, StytchCallKind kind)
    {
        var (status, errorType, message) = Map(failure, kind);
        if (errorType == ProjectCredentialsRejected)
        {
            Log.ProjectCredentialsRejected(logger, failure.StatusCode ?? 0, failure.ErrorType, failure.RequestId);
        }

        var problem = BffProblems.Create(status, errorType, message, failure.RequestId, failure.ErrorUrl);
        if (failure.StatusCode is { } stytchStatus)
        {
            problem.Extensions["stytch_status_code"] = stytchStatus;
        }

        if (failure.ErrorType is { } stytchErrorType && stytchErrorType != errorType)
        {
            problem.Extensions["stytch_error_type"] = stytchErrorType;
        }

        int? retryAfter = status != StatusCodes.Status429TooManyRequests ? null
            : failure.RetryAfter is { } delay && delay > TimeSpan.Zero ? (int)Math.Ceiling(delay.TotalSeconds)
            : options.Value.DefaultRetryAfterSeconds;
        return new StytchProblemResult(TypedResults.Problem(problem), retryAfter);
    }

    internal static (int Status, string ErrorType, string Message) Map(StytchFailure failure, StytchCallKind kind)
    {
        switch (failure.Kind)
        {
            case StytchFailureKind.Timeout:
                return (StatusCodes.Status504GatewayTimeout, "stytch_timeout", "Stytch did not answer in time. Try again.");
            case StytchFailureKind.ConnectionFailed:
                return (StatusCodes.Status502BadGateway, "stytch_unreachable", "Stytch could not be reached. Try again.");
            case StytchFailureKind.CircuitOpen:
                return (StatusCodes.Status502BadGateway, "stytch_unavailable", "Stytch is failing; calls are paused for a moment. Try again shortly.");
            case StytchFailureKind.InvalidResponse:
                return failure.StatusCode == StatusCodes.Status429TooManyRequests
                    ? (StatusCodes.Status429TooManyRequests, "too_many_requests", "Too many requests have been made.")
                    : (StatusCodes.Status502BadGateway, "stytch_invalid_response", failure.ErrorMessage ?? "Stytch answered with an unexpected body.");
        }

        var status = failure.StatusCode ?? StatusCodes.Status502BadGateway;
        var errorType = failure.ErrorType ?? "stytch_error";
        var message = failure.ErrorMessage ?? "Stytch refused the request.";

        // Never a 401 (or Stytch's error_type for it): the SPA must not think its user was logged out.
        const string credentials = "The BFF's Stytch project credentials were refused. This is a server configuration problem, not your session.";
        if (failure.ErrorType is { } t && ProjectCredentialErrors.Contains(t))
        {
            return (StatusCodes.Status502BadGateway, ProjectCredentialsRejected, credentials);
        }

        return status switch
        {
            StatusCodes.Status429TooManyRequests => (status, errorType, message),
            StatusCodes.Status400BadRequest => (status, errorType, message),
            StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound when kind == StytchCallKind.Login =>
                (StatusCodes.Status401Unauthorized, errorType, message),
            StatusCodes.Status401Unauthorized when kind == StytchCallKind.OAuthAuthorization && failure.ErrorType is { } refused && refused != "unauthorized_credentials" =>
                (StatusCodes.Status400BadRequest, errorType, message),
            StatusCodes.Status401Unauthorized => (StatusCodes.Status502BadGateway, ProjectCredentialsRejected, credentials),
            StatusCodes.Status404NotFound => (status, errorType, message),
            >= 500 => (StatusCodes.Status502BadGateway, errorType, message),
            >= 400 => (status, errorType, message),
            _ => (StatusCodes.Status502BadGateway, errorType, message),
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, EventName = "StytchProjectCredentialsRejected", Level = LogLevel.Error,
            Message = "Stytch refused the BFF's project credentials ({StytchStatus} {StytchErrorType}, request_id={StytchRequestId}); answering 502. Check Stytch:ProjectId and Stytch:Secret.")]
        public static partial void ProjectCredentialsRejected(ILogger logger, int stytchStatus, string? stytchErrorType, string? stytchRequestId);
    }
}

/// <summary>Endpoint metadata for what <see cref="StytchProblems.ToResult"/> can answer.</summary>
public static class StytchProblemsEndpointExtensions
{
    /// <summary>
    /// Declares (for the OpenAPI document) what <see cref="StytchProblems.ToResult"/> can answer on any endpoint that
    /// calls Stytch: 502 (unreachable, paused, unexpected answer, the BFF's credentials refused) and 504 (no answer in time).
    /// </summary>
    public static TBuilder ProducesStytchProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status502BadGateway, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
            new ProducesResponseTypeMetadata(StatusCodes.Status504GatewayTimeout, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
}
