using Microsoft.Extensions.Options;

namespace Bff.Sessions;

/// <summary>Session cookie and lifetimes. Bound from the <c>Session</c> section.</summary>
public sealed class BffSessionOptions
{
    public const string SectionName = "Session";

    /// <summary>Must start with <c>__Host-</c>: Secure, Path=/, no Domain.</summary>
    public string CookieName { get; set; } = "__Host-bff-session";

    /// <summary>Strict (default) or Lax. The SPA's own fetch calls always carry a Strict cookie.</summary>
    public SameSiteMode SameSite { get; set; } = SameSiteMode.Strict;

    /// <summary>Sliding lifetime: a session unused this long ends.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Absolute lifetime: no session outlives this, however active.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How long a session may be used without asking Stytch. Requests are served without any network call while the
    /// stored session JWT is fresh and the last check is younger than this. 0 = ask Stytch on every request.
    /// </summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromMinutes(5);
}

internal sealed class BffSessionOptionsValidator : IValidateOptions<BffSessionOptions>
{
    public ValidateOptionsResult Validate(string? name, BffSessionOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.CookieName) || !options.CookieName.StartsWith("__Host-", StringComparison.Ordinal) || options.CookieName.Length > 64
            || options.CookieName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            failures.Add($"Session:CookieName must start with '__Host-' and use only letters, digits, '-' and '_' (at most 64 characters); got '{options.CookieName}'.");
        }

        if (options.SameSite is not (SameSiteMode.Strict or SameSiteMode.Lax))
        {
            failures.Add($"Session:SameSite must be Strict or Lax; got '{options.SameSite}'.");
        }

        if (options.IdleTimeout < TimeSpan.FromMinutes(1) || options.IdleTimeout > options.AbsoluteLifetime)
        {
            failures.Add("Session:IdleTimeout must be at least 00:01:00 and not longer than Session:AbsoluteLifetime.");
        }

        if (options.AbsoluteLifetime > TimeSpan.FromDays(366))
        {
            failures.Add("Session:AbsoluteLifetime must be at most 366 days (Stytch's longest session).");
        }

        if (options.MaxStaleness < TimeSpan.Zero || options.MaxStaleness > TimeSpan.FromHours(1))
        {
            failures.Add("Session:MaxStaleness must be between 00:00:00 (ask Stytch on every request) and 01:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
