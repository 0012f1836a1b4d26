namespace Bff.RateLimiting;

/// <summary>
/// The per-session limit on endpoints that call Stytch, so one browser cannot exhaust the Stytch project's quota.
/// Bound from the <c>RateLimiting</c> section.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Off only for benchmarks or behind a gateway that already limits per user.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Stytch-bound requests one session may make per <see cref="Window"/>.</summary>
    public int PermitLimit { get; set; } = 30;

    /// <summary>Stytch-bound requests (logins, magic links, callbacks) one client address without a session may make per <see cref="Window"/>.</summary>
    public int AnonymousPermitLimit { get; set; } = 10;

    /// <summary>The fixed window the limits count in.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
