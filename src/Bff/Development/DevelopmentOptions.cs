namespace Bff.Development;

/// <summary>
/// What the demo SPA's login page and the start-up banner say about the local setup, in Development only. Bound from
/// the <c>Development</c> section, which the dev host (src/Bff.Dev) fills when it runs the BFF on the Stytch
/// emulator. The BFF itself contains no emulator and no demo login: these are only echoed from configuration.
/// </summary>
public sealed class DevelopmentOptions
{
    public const string SectionName = "Development";

    /// <summary>The configured Stytch is the offline emulator (the login page says so and explains OAuth).</summary>
    public bool Emulator { get; set; }

    /// <summary>Where the emulator shows the magic-link emails it "sent".</summary>
    public Uri? InboxUrl { get; set; }

    /// <summary>The emulator's seed user, shown on the login page. Public demo data, never a real account.</summary>
    public DemoLoginOptions? DemoLogin { get; set; }

    /// <summary>The sample third-party app (src/Sample.ConnectedApp) the Connected apps page links to.</summary>
    public Uri? SampleConnectedAppUrl { get; set; }
}

/// <summary>A demo login shown on the Development login page.</summary>
public sealed class DemoLoginOptions
{
    public string? Email { get; set; }

    public string? Password { get; set; }
}
