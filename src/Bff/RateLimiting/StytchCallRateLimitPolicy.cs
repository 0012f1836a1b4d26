using System.Threading.RateLimiting;
using Bff.Sessions;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Bff.RateLimiting;

/// <summary>
/// One fixed window per session (keyed by the server-side session key, which is never logged), for the endpoints a
/// signed-in user calls Stytch through. A request without a session is counted per client address. A refused request
/// is a 429 problem with <c>Retry-After</c>, answered before the handler runs, so Stytch is not called.
/// </summary>
internal sealed class StytchCallRateLimitPolicy(IOptions<RateLimitingOptions> options, ILogger<StytchCallRateLimitPolicy> logger)
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

        return httpContext.Features.Get<BffSession>() is { Key: { } key }
            ? RateLimitPartition.GetFixedWindowLimiter("s:" + key, _ => FixedWindow(_options.PermitLimit, _options.Window))
            : LoginRateLimitPolicy.PerAddress(httpContext, _options);
    }

    internal static FixedWindowRateLimiterOptions FixedWindow(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var scope = context.Features.Get<BffSession>() is null ? "client address" : "session";
        var problem = RateLimitRejection.Refuse(context, logger, scope, RateLimitRejection.RetryAfterSeconds(rejected.Lease, _options.Window));
        await TypedResults.Problem(problem).ExecuteAsync(context);
    }
}
