namespace Stytch.Emulator;

/// <summary>A user that exists when the emulator starts.</summary>
public sealed class SeedUser
{
    /// <summary>Optional fixed id (<c>user-test-&lt;uuid&gt;</c>); a random one is minted when empty.</summary>
    public string? UserId { get; set; }

    public string Email { get; set; } = "";

    /// <summary>The user's password, or null for a user who only signs in by magic link or OAuth.</summary>
    public string? Password { get; set; }

    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    /// <summary>Connected Apps the user has already authorised.</summary>
    public List<SeedConnectedApp> ConnectedApps { get; set; } = [];

    /// <summary>
    /// The demo user that docs and the demo app rely on: demo@example.com / correct-horse-battery-staple, Ada
    /// Lovelace, with three Connected Apps.
    /// </summary>
    public static SeedUser Demo() => new()
    {
        Email = "demo@example.com",
        Password = "correct-horse-battery-staple",
        FirstName = "Ada",
        LastName = "Lovelace",
        ConnectedApps =
        [
            new SeedConnectedApp
            {
                ConnectedAppId = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000001",
                Name = "Example CLI",
                Description = "A command-line tool that scripts your account from a terminal.",
                ClientType = "third_party_public",
                ScopesGranted = "openid email profile",
            },
            new SeedConnectedApp
            {
                ConnectedAppId = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000002",
                Name = "Analytics Dashboard",
                Description = "A reporting dashboard that reads your email address to attribute usage.",
                ClientType = "third_party",
                ScopesGranted = "openid email",
                LogoUrl = "https://example.com/logos/analytics-dashboard.png",
            },
            new SeedConnectedApp
            {
                ConnectedAppId = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000003",
                Name = "Mobile Companion",
                Description = "Our own mobile app; keeps you signed in on your phone.",
                ClientType = "first_party_public",
                ScopesGranted = "openid profile offline_access",
                LogoUrl = "https://example.com/logos/mobile-companion.png",
            },
        ],
    };
}
