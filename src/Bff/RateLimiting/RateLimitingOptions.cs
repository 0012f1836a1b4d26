namespace Bff.RateLimiting;

/// <summary>
/// Limits on the endpoints that call Stytch, so one browser cannot exhaust the Stytch project's quota, guess passwords
/// or flood a mailbox. Bound from the <c>RateLimiting</c> section. Counters live in the instance's memory.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Off only for benchmarks or behind a gateway that already limits per user, address and email.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Stytch-bound requests one session may make per <see cref="Window"/> (connected apps, revoke, logout).</summary>
    public int PermitLimit { get; set; } = 30;

    /// <summary>
    /// Login requests (password, magic-link sending, the login callback) one client address may make per
    /// <see cref="Window"/>, whatever session the requests carry: logging in again does not reset it.
    /// </summary>
    public int LoginPermitLimitPerAddress { get; set; } = 10;

    /// <summary>
    /// Password logins for one email address, and (counted apart) magic links sent to it, per
    /// <see cref="LoginEmailWindow"/>, from any client address and session (case-insensitive).
    /// </summary>
    public int LoginPermitLimitPerEmail { get; set; } = 5;

    /// <summary>The fixed window <see cref="PermitLimit"/> and <see cref="LoginPermitLimitPerAddress"/> count in.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The fixed window <see cref="LoginPermitLimitPerEmail"/> counts in.</summary>
    public TimeSpan LoginEmailWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The earlier name of <see cref="LoginPermitLimitPerAddress"/>; set, it stops the start-up with the new name.</summary>
    [Obsolete("Renamed LoginPermitLimitPerAddress: it now applies to the login endpoints whatever session the request carries.")]
    public int? AnonymousPermitLimit { get; set; }
}
