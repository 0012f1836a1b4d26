using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Bff.RateLimiting;

/// <summary>
/// The login endpoints (password, magic-link sending, the login callback) counted per client address in one fixed
/// window, whatever session the request carries: every login starts a new session, so a per-session window would
/// start afresh with each one. Behind a load balancer the address is the one <c>ForwardedHeaders</c> trusts.
/// </summary>
internal sealed class LoginRateLimitPolicy(IOptions<RateLimitingOptions> options, ILogger<LoginRateLimitPolicy> logger)
    : IRateLimiterPolicy<string>
{
    private readonly RateLimitingOptions _options = options.Value;

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        _options.Enabled ? PerAddress(httpContext, _options) : RateLimitPartition.GetNoLimiter("off");

    internal static RateLimitPartition<string> PerAddress(HttpContext httpContext, RateLimitingOptions options)
    {
        var address = httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter("a:" + address,
            _ => StytchCallRateLimitPolicy.FixedWindow(options.LoginPermitLimitPerAddress, options.Window));
    }

    private async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var problem = RateLimitRejection.Refuse(rejected.HttpContext, logger, "client address",
            RateLimitRejection.RetryAfterSeconds(rejected.Lease, _options.Window));
        await TypedResults.Problem(problem).ExecuteAsync(rejected.HttpContext);
    }
}
