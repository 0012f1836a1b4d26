using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Bff.Stytch;

/// <summary>
/// A Stytch failure as the BFF's answer (from <see cref="StytchProblems.ToResult"/>): the problem+json, plus a
/// <c>Retry-After</c> header on a 429, written when the result is executed (not as a side effect of mapping).
/// </summary>
public sealed class StytchProblemResult(ProblemHttpResult problem, int? retryAfterSeconds)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    public ProblemDetails ProblemDetails => problem.ProblemDetails;

    /// <summary>The seconds of the <c>Retry-After</c> header (429 only).</summary>
    public int? RetryAfterSeconds { get; } = retryAfterSeconds;

    public int StatusCode => problem.StatusCode;

    int? IStatusCodeHttpResult.StatusCode => problem.StatusCode;

    object? IValueHttpResult.Value => problem.ProblemDetails;

    ProblemDetails? IValueHttpResult<ProblemDetails>.Value => problem.ProblemDetails;

    public string ContentType => problem.ContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (RetryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return problem.ExecuteAsync(httpContext);
    }
}
