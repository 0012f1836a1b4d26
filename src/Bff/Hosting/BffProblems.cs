using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Bff.Hosting;

/// <summary>
/// Builds the BFF's problem+json answers. Besides RFC 9457's <c>status</c>, <c>title</c>, <c>type</c>, every problem
/// carries the Stytch SDK's error fields (<c>status_code</c>, <c>error_type</c>, <c>error_message</c>, and
/// <c>request_id</c>/<c>error_url</c> when Stytch answered) so SPA code written for the React SDK keeps working, plus the
/// BFF's own request id.
/// </summary>
public static class BffProblems
{
    public static ProblemDetails Create(int status, string errorType, string message, string? stytchRequestId = null, string? errorUrl = null, string? title = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title ?? TitleFor(status),
            Detail = message,
        };
        problem.Extensions["status_code"] = status;
        problem.Extensions["error_type"] = errorType;
        problem.Extensions["error_message"] = message;
        if (stytchRequestId is not null)
        {
            problem.Extensions["request_id"] = stytchRequestId;
        }

        if (errorUrl is not null)
        {
            problem.Extensions["error_url"] = errorUrl;
        }

        return problem;
    }

    public static ProblemHttpResult Result(int status, string errorType, string message) =>
        TypedResults.Problem(Create(status, errorType, message));

    /// <summary>
    /// Writes a problem from middleware. Through <see cref="TypedResults.Problem(ProblemDetails)"/>: it uses the
    /// registered <see cref="IProblemDetailsService"/> when that can answer the request's <c>Accept</c>, and writes
    /// application/problem+json itself otherwise (<c>IProblemDetailsService.WriteAsync</c> would throw, and turn a 401
    /// for <c>Accept: text/html</c> into a 500).
    /// </summary>
    public static async Task Write(HttpContext context, int status, string errorType, string message)
    {
        var problem = Create(status, errorType, message);
        problem.Extensions["bff_request_id"] = RequestIdMiddleware.Get(context);
        await TypedResults.Problem(problem).ExecuteAsync(context);
    }

    /// <summary>Applied to every problem the app writes: status_code mirrors the HTTP status, and the BFF request id.</summary>
    internal static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Extensions["status_code"] = status;
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
        {
            // Request validation (AddValidation, DataAnnotations): say which field, in the fields SPA code reads.
            problem.Extensions.TryAdd("error_type", "invalid_request");
            problem.Extensions.TryAdd("error_message", string.Join(" ", validation.Errors.SelectMany(e => e.Value)));
        }

        if (status == StatusCodes.Status400BadRequest && !problem.Extensions.ContainsKey("error_type")
            && context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<JsonBodyMetadata>() is { } body)
        {
            // The framework refused the body before the handler ran: say what the body must be.
            problem.Extensions["error_type"] = JsonBodyMetadata.ErrorType;
            problem.Extensions["error_message"] = body.Description;
        }

        problem.Extensions.TryAdd("error_type", DefaultErrorType(status));
        problem.Extensions.TryAdd("error_message", problem.Detail ?? problem.Title ?? TitleFor(status));
        problem.Extensions["bff_request_id"] = RequestIdMiddleware.Get(context.HttpContext);
    }

    private static string DefaultErrorType(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        413 => "request_too_large",
        415 => "unsupported_media_type",
        429 => "too_many_requests",
        503 => "service_unavailable",
        _ => status >= 500 ? "internal_server_error" : "client_error",
    };

    private static string TitleFor(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    };
}
