using System.Globalization;
using System.Threading.RateLimiting;
using Bff.Hosting;
using Bff.Sessions;
using Bff.Telemetry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Bff.RateLimiting;

/// <summary>
/// One fixed window per session (keyed by the server-side session key, which is never logged), or per client address
/// for requests without a session (logins). A refused request is a 429 problem with <c>Retry-After</c>, answered
/// before the handler runs, so Stytch is not called.
/// </summary>
internal sealed partial class StytchCallRateLimitPolicy(IOptions<RateLimitingOptions> options, BffMetrics metrics, ILogger<StytchCallRateLimitPolicy> logger)
    : IRateLimiterPolicy<string>
{
    private readonly RateLimitingOptions _options = options.Value;

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (!_options.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }

        if (httpContext.Features.Get<BffSession>() is { Key: { } key })
        {
            return RateLimitPartition.GetFixedWindowLimiter("s:" + key, _ => Window(_options.PermitLimit));
        }

        var address = httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter("a:" + address, _ => Window(_options.AnonymousPermitLimit));
    }

    private FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = permits,
        Window = _options.Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _options.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        var session = context.Features.Get<BffSession>();
        metrics.RateLimitRefused(session is null ? "client_address" : "session");
        Log.RateLimited(logger, session is null ? "client address" : "session", session?.UserId.Value, context.Request.Method, context.Request.Path, seconds);
        await BffProblems.Write(context, StatusCodes.Status429TooManyRequests, "bff_rate_limited",
            $"Too many requests that call Stytch from this {(session is null ? "client" : "session")}. Retry after {seconds} seconds.");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, EventName = "RateLimited", Level = LogLevel.Warning,
            Message = "Request refused by the per-{Scope} rate limit (user {UserId}): {Method} {Path}; retry after {RetryAfterSeconds} s")]
        public static partial void RateLimited(ILogger logger, string scope, string? userId, string method, PathString path, int retryAfterSeconds);
    }
}
