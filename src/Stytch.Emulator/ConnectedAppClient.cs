namespace Stytch.Emulator;

/// <summary>
/// A Connected App client (spec <c>api_connectedapps_v1_ConnectedApp</c>): a seed in
/// <see cref="EmulatorOptions.ConnectedAppClients"/>, or what <see cref="EmulatorHost.RegisterConnectedApp"/> registers.
/// </summary>
public sealed class ConnectedAppClient
{
    /// <summary>Client types whose clients hold a secret (confidential clients).</summary>
    public static readonly IReadOnlyList<string> ConfidentialTypes = ["first_party", "third_party"];

    /// <summary>Every client type Stytch knows.</summary>
    public static readonly IReadOnlyList<string> ClientTypes = ["first_party", "first_party_public", "third_party", "third_party_public"];

    /// <summary><c>connected-app-test-&lt;uuid&gt;</c>; minted when empty.</summary>
    public string? ClientId { get; set; }

    /// <summary>One of <see cref="ClientTypes"/>; <c>first_party</c> and <c>third_party</c> are confidential.</summary>
    public string ClientType { get; set; } = "third_party";

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>
    /// The redirect URIs an authorization may name, compared exactly (scheme, host, port, path and query): http(s), or
    /// a private-use scheme with a dot (RFC 8252 §7.1, e.g. <c>com.example.app:/callback</c>); never a fragment.
    /// </summary>
    public List<string> RedirectUrls { get; set; } = [];

    /// <summary>Optional; omitted from the wire when null.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>
    /// The secret of a confidential client. A seed must set it (it is the only way to know it); a registration leaves
    /// it empty and gets a fresh one back, once. Ignored for public clients.
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>Lifetime of the client's access tokens, 5 to 1440 minutes; Stytch's default is 60.</summary>
    public int AccessTokenExpiryMinutes { get; set; } = 60;

    /// <summary>First-party clients only: <c>offline_access</c> then needs no explicit consent.</summary>
    public bool BypassConsentForOfflineAccess { get; set; }

    /// <summary>First-party clients only: the client may be granted the <c>full_access</c> scope.</summary>
    public bool FullAccessAllowed { get; set; }

    /// <summary>Redirect URIs for OIDC logout flows: stored and echoed (the emulator has no logout flow).</summary>
    public List<string> PostLogoutRedirectUrls { get; set; } = [];

    /// <summary>An extra audience for the client's access tokens: <c>aud</c> is then <c>[project_id, this]</c>.</summary>
    public string? AccessTokenCustomAudience { get; set; }

    /// <summary>The custom-claims template: stored and echoed, not applied (the emulator renders no templates).</summary>
    public string? AccessTokenTemplateContent { get; set; }

    /// <summary>Whether <see cref="ClientType"/> is a confidential type.</summary>
    public bool IsConfidential => ConfidentialTypes.Contains(ClientType);

    /// <summary>
    /// The default seed: a client for each of the demo user's three authorised apps, plus one third-party web app the
    /// demo user has not authorised yet, so a first authorization asks for consent. Their secrets are test values.
    /// </summary>
    public static List<ConnectedAppClient> Demo() =>
    [
        new()
        {
            ClientId = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000001",
            ClientType = "third_party_public",
            Name = "Example CLI",
            Description = "A command-line tool that scripts your account from a terminal.",
            RedirectUrls = ["http://127.0.0.1:3030/callback"],
        },
        new()
        {
            ClientId = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000002",
            ClientType = "third_party",
            Name = "Analytics Dashboard",
            Description = "A reporting dashboard that reads your email address to attribute usage.",
            RedirectUrls = ["http://localhost:3002/oauth/callback"],
            LogoUrl = "https://example.com/logos/analytics-dashboard.png",
            ClientSecret = "secret-test-analytics-dashboard-not-a-real-secret",
        },
        new()
        {
            ClientId = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000003",
            ClientType = "first_party_public",
            Name = "Mobile Companion",
            Description = "Our own mobile app; keeps you signed in on your phone.",
            RedirectUrls = ["com.example.companion:/oauth/callback"],
            LogoUrl = "https://example.com/logos/mobile-companion.png",
        },
        new()
        {
            ClientId = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000004",
            ClientType = "third_party",
            Name = "Partner Notes",
            Description = "A partner's note-taking web app that would like to know who you are.",
            RedirectUrls = ["http://localhost:3001/callback", "http://127.0.0.1:3001/callback"],
            ClientSecret = "secret-test-partner-notes-not-a-real-secret",
        },
    ];
}

/// <summary>What <see cref="EmulatorHost.RegisterConnectedApp"/> answers: the client id and, for a confidential client, its secret (shown once).</summary>
public sealed record RegisteredConnectedApp(string ClientId, string? ClientSecret);
