using System.ComponentModel.DataAnnotations;

namespace Bff.Stytch;

/// <summary>How the BFF reaches Stytch. Bound from the <c>Stytch</c> section.</summary>
public sealed class StytchOptions
{
    public const string SectionName = "Stytch";

    /// <summary><c>project-test-…</c> or <c>project-live-…</c>.</summary>
    public string? ProjectId { get; set; }

    /// <summary>The project secret. Only from the environment (<c>Stytch__Secret</c>) or user-secrets.</summary>
    public string? Secret { get; set; }

    /// <summary>Defaults from the project id: live projects use https://api.stytch.com, others https://test.stytch.com.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// Where the browser is sent to start an OAuth login (<c>{BrowserBaseUrl}v1/public/oauth/{provider}/start</c>).
    /// Defaults to the base URL. Set it when the BFF reaches Stytch at an address the browser cannot, such as the
    /// emulator's in-network name in docker-compose's dev profile, or to a Stytch custom domain.
    /// </summary>
    public Uri? BrowserBaseUrl { get; set; }

    /// <summary>The public token, used to start OAuth flows.</summary>
    public string? PublicToken { get; set; }

    /// <summary>The Stytch session lifetime requested at login, in minutes (5 to 527040).</summary>
    [Range(5, 527040)]
    public int SessionDurationMinutes { get; set; } = 720;

    /// <summary>Upper bound for one logical call, retries included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound for one attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Retries of idempotent calls on 429, 5xx and transient failures. Login exchanges are never retried.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>A 429 whose Retry-After is longer than this is not retried; it is answered to the SPA.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retry-After sent to the SPA on a 429 from Stytch that carried none.</summary>
    [Range(1, 3600)]
    public int DefaultRetryAfterSeconds { get; set; } = 5;

    /// <summary>The base URL after defaulting: the configured one, or the one implied by the project id.</summary>
    public Uri EffectiveBaseUrl => BaseUrl ?? DefaultBaseUrlFor(ProjectId);

    /// <summary>The browser-facing base URL after defaulting: <see cref="BrowserBaseUrl"/>, else <see cref="EffectiveBaseUrl"/>.</summary>
    public Uri EffectiveBrowserBaseUrl => BrowserBaseUrl ?? EffectiveBaseUrl;

    public static Uri DefaultBaseUrlFor(string? projectId) =>
        projectId is not null && projectId.StartsWith("project-live-", StringComparison.Ordinal)
            ? new Uri("https://api.stytch.com/")
            : new Uri("https://test.stytch.com/");
}
