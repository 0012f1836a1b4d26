using Microsoft.Extensions.Options;

namespace Bff.RateLimiting;

internal sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    internal const int MaxPermits = 1_000_000;

    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        var failures = new List<string>();
        if (options.PermitLimit is < 1 or > MaxPermits)
        {
            failures.Add($"RateLimiting:PermitLimit must be between 1 and {MaxPermits} (Stytch-bound requests per session per window); got {options.PermitLimit}. To switch the limit off, set RateLimiting:Enabled to false.");
        }

        if (options.AnonymousPermitLimit is < 1 or > MaxPermits)
        {
            failures.Add($"RateLimiting:AnonymousPermitLimit must be between 1 and {MaxPermits} (logins per client address per window); got {options.AnonymousPermitLimit}.");
        }

        if (options.Window < TimeSpan.FromSeconds(1) || options.Window > TimeSpan.FromHours(1))
        {
            failures.Add($"RateLimiting:Window must be between 00:00:01 and 01:00:00; got '{options.Window}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
