using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Bff.RateLimiting;

/// <summary>
/// The per-email login limit: one fixed window per (budget, email address), the address compared case-insensitively,
/// from any client address and session. Password logins and magic links are separate budgets, so links sent to an
/// address cannot lock its owner out of the password login. Idle windows are dropped by the limiter.
/// </summary>
public sealed class LoginEmailRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public LoginEmailRateLimiter(IOptions<RateLimitingOptions> options)
    {
        var settings = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => settings.Enabled
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => StytchCallRateLimitPolicy.FixedWindow(settings.LoginPermitLimitPerEmail, settings.LoginEmailWindow))
            : RateLimitPartition.GetNoLimiter(key));
    }

    /// <summary>Takes one permit of <paramref name="budget"/> for <paramref name="email"/>; dispose the lease.</summary>
    public RateLimitLease Acquire(LoginEmailBudget budget, string email) =>
        _limiter.AttemptAcquire($"{(int)budget}:{email.Trim().ToUpperInvariant()}");

    public void Dispose() => _limiter.Dispose();
}

/// <summary>What a per-email permit is spent on.</summary>
public enum LoginEmailBudget
{
    /// <summary>Password logins for the address.</summary>
    Password,

    /// <summary>Magic links sent to the address.</summary>
    MagicLink,
}
