namespace Stytch.Emulator;

/// <summary>
/// One emulated Stytch project: its credentials, JWT lifetime, seed users and Connected App clients. Bound from the
/// <see cref="SectionName"/> configuration section when the emulator runs standalone.
/// </summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>The project id: the Basic-auth user name, the JWT audience and part of the JWT issuer.</summary>
    public string ProjectId { get; set; } = "project-test-11111111-1111-4111-8111-111111111111";

    /// <summary>The project secret: the Basic-auth password. Never logged.</summary>
    public string Secret { get; set; } = "secret-test-emulator-not-a-real-secret";

    /// <summary>The public token the browser-facing OAuth start route expects in its query string.</summary>
    public string PublicToken { get; set; } = "public-token-test-22222222-2222-4222-8222-222222222222";

    /// <summary>Lifetime of every session JWT (<c>exp - iat</c>). Stytch uses five minutes whatever the session's own duration.</summary>
    public TimeSpan JwtLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Where magic links and OAuth redirects go when the request names no URL (Stytch uses the project's default
    /// redirect URL from its dashboard).
    /// </summary>
    public string DefaultRedirectUrl { get; set; } = "http://localhost:3000/authenticate";

    /// <summary>
    /// The project's <b>Authorization URL</b> (Stytch dashboard, Connected Apps): the consent page your application
    /// hosts, advertised as <c>authorization_endpoint</c> in discovery. Defaults to the BFF's Development consent page.
    /// Empty: discovery fails with 400 <c>authorization_endpoint_not_configured_for_project</c>, as Stytch reportedly does.
    /// </summary>
    public string AuthorizationUrl { get; set; } = "http://localhost:5000/oauth/authorize";

    /// <summary>Users that exist when the emulator starts. Defaults to <see cref="SeedUser.Demo"/>.</summary>
    public List<SeedUser> Users { get; set; } = [SeedUser.Demo()];

    /// <summary>
    /// Connected App clients that exist when the emulator starts. Defaults to <see cref="ConnectedAppClient.Demo"/>;
    /// a configured list replaces it.
    /// </summary>
    public List<ConnectedAppClient> ConnectedAppClients { get; set; } = ConnectedAppClient.Demo();
}
