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
