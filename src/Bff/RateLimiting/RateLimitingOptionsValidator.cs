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

        if (options.LoginPermitLimitPerAddress is < 1 or > MaxPermits)
        {
            failures.Add($"RateLimiting:LoginPermitLimitPerAddress must be between 1 and {MaxPermits} (login requests per client address per window); got {options.LoginPermitLimitPerAddress}.");
        }

        if (options.LoginPermitLimitPerEmail is < 1 or > MaxPermits)
        {
            failures.Add($"RateLimiting:LoginPermitLimitPerEmail must be between 1 and {MaxPermits} (password logins, and magic links, per email address per RateLimiting:LoginEmailWindow); got {options.LoginPermitLimitPerEmail}.");
        }

        if (options.Window < TimeSpan.FromSeconds(1) || options.Window > TimeSpan.FromHours(1))
        {
            failures.Add($"RateLimiting:Window must be between 00:00:01 and 01:00:00; got '{options.Window}'.");
        }

        if (options.LoginEmailWindow < TimeSpan.FromSeconds(1) || options.LoginEmailWindow > TimeSpan.FromDays(1))
        {
            failures.Add($"RateLimiting:LoginEmailWindow must be between 00:00:01 and 1.00:00:00; got '{options.LoginEmailWindow}'.");
        }

#pragma warning disable CS0618 // the old name is read only to say what replaced it
        if (options.AnonymousPermitLimit is { } old)
#pragma warning restore CS0618
        {
            failures.Add($"RateLimiting:AnonymousPermitLimit (set to {old}) was renamed: set RateLimiting:LoginPermitLimitPerAddress instead. It now limits the login endpoints per client address whatever session the request carries, and RateLimiting:LoginPermitLimitPerEmail limits them per email address.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
