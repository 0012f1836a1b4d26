using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Bff.Hosting;

/// <summary>
/// The last problem writer, used when the request's Accept header rules out JSON (a browser navigation sends
/// <c>Accept: text/html</c>). Without it the default writer declines, and a 401/403 from middleware becomes an empty 500.
/// The BFF has no HTML error pages: every failure is problem+json.
/// </summary>
internal sealed class AnyAcceptProblemWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        problem.Type ??= "about:blank";
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value); // the default writer would have set it
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(
            problem, jsonOptions.Value.SerializerOptions, "application/problem+json", context.HttpContext.RequestAborted));
    }
}
