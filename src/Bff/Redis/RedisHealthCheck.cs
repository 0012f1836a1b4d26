using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bff.Redis;

/// <summary>Readiness: Redis answers a PING. Cheap: no wait when the connection is known to be down.</summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var multiplexer = await redis.GetAsync().WaitAsync(cancellationToken);
        if (!multiplexer.IsConnected)
        {
            return HealthCheckResult.Unhealthy("Redis is not connected.");
        }

        try
        {
            var latency = await multiplexer.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis did not answer PING.");
        }
    }
}
