using Bff.Stytch;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bff.Hosting;

/// <summary>Readiness: the Stytch settings pass their validation. No call to Stytch (a probe must be cheap and local).</summary>
internal sealed class StytchConfigurationHealthCheck(IOptionsMonitor<StytchOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = options.CurrentValue;
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (OptionsValidationException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The Stytch settings are invalid."));
        }
    }
}
