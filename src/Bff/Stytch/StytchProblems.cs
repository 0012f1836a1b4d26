using Bff.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

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

/// <summary>The one place that turns a Stytch failure into the BFF's HTTP answer.</summary>
public static partial class StytchProblems
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

    public static ProblemHttpResult ToResult(StytchFailure failure, StytchCallKind kind, HttpContext context)
    {
        var (status, errorType, message) = Map(failure, kind);
        if (errorType == ProjectCredentialsRejected)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Bff.Stytch.StytchProblems");
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

        if (status == StatusCodes.Status429TooManyRequests)
        {
            var options = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<StytchOptions>>().Value;
            var seconds = failure.RetryAfter is { } delay && delay > TimeSpan.Zero ? (int)Math.Ceiling(delay.TotalSeconds) : options.DefaultRetryAfterSeconds;
            context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(problem);
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
