namespace Sample.ConnectedApp;

/// <summary>
/// What the sample app needs to know about the identity provider: where it is (discovery), which scopes to ask for, and
/// its own name. Its client credentials come separately (<see cref="ClientRegistration"/>), because in the Development
/// first run the client is registered only once the app listens and knows its redirect URI.
/// </summary>
public sealed record SampleConnectedAppSettings
{
    /// <summary>The default scopes: who the user is, no <c>offline_access</c> (which would ask for consent every time).</summary>
    public const string DefaultScope = "openid email profile";

    /// <summary>
    /// The identity provider: the Stytch project domain (<c>https://{projectDomain}</c>) or the emulator's base URL. The
    /// discovery document is at <c>{Issuer}/.well-known/openid-configuration</c>, and its <c>issuer</c> must be this.
    /// </summary>
    public required Uri Issuer { get; init; }

    public string Scope { get; init; } = DefaultScope;

    /// <summary>The name the app shows on its own page.</summary>
    public string DisplayName { get; init; } = "Sample third-party app";

    /// <summary>The issuer as the discovery document states it: no trailing slash.</summary>
    public string Authority => Issuer.AbsoluteUri.TrimEnd('/');
}

/// <summary>The app's OAuth client: registered with the identity provider for exactly <see cref="RedirectUri"/>.</summary>
/// <param name="ClientId">The Connected App's client_id.</param>
/// <param name="ClientSecret">The client secret of a confidential client; null for a public client (PKCE only).</param>
/// <param name="RedirectUri">The registered redirect URI: this app's <c>/callback</c>.</param>
public sealed record ClientRegistration(string ClientId, string? ClientSecret, Uri RedirectUri)
{
    /// <summary>Records print every member; this one holds a secret.</summary>
    public override string ToString() => $"ClientRegistration {{ ClientId = {ClientId}, RedirectUri = {RedirectUri} }}";
}

/// <summary>
/// Where the client registration becomes known: set once, after the app listens. Until then every page answers 503.
/// </summary>
public sealed class ClientRegistrationSlot
{
    private ClientRegistration? _registration;

    public ClientRegistration? Current => Volatile.Read(ref _registration);

    public void Set(ClientRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (Interlocked.CompareExchange(ref _registration, registration, null) is not null)
        {
            throw new InvalidOperationException("The client registration is already set.");
        }
    }
}
