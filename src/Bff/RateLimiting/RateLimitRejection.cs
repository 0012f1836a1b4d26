using System.Globalization;
using System.Threading.RateLimiting;
using Bff.Hosting;

namespace Bff.RateLimiting;

/// <summary>The one answer to a refused request: 429 problem+json with <c>Retry-After</c>, and a warning in the log.</summary>
internal static partial class RateLimitRejection
{
    /// <summary>Whole seconds until the lease's window opens again (at least 1), or the window when it does not say.</summary>
    public static int RetryAfterSeconds(RateLimitLease lease, TimeSpan window)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
        return Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
    }

    /// <summary>Sets <c>Retry-After</c>, logs the refusal (never the email address or a session key), returns the problem.</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails Refuse(HttpContext context, ILogger logger, string scope, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var userId = context.Features.Get<Sessions.BffSession>()?.UserId.Value;
        Log.RateLimited(logger, scope, userId, context.Request.Method, context.Request.Path, retryAfterSeconds);
        return BffProblems.Create(StatusCodes.Status429TooManyRequests, "bff_rate_limited",
            $"Too many requests from this {scope}. Retry after {retryAfterSeconds} seconds.");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, EventName = "RateLimited", Level = LogLevel.Warning,
            Message = "Request refused by the per-{Scope} rate limit (user {UserId}): {Method} {Path}; retry after {RetryAfterSeconds} s")]
        public static partial void RateLimited(ILogger logger, string scope, string? userId, string method, PathString path, int retryAfterSeconds);
    }
}
