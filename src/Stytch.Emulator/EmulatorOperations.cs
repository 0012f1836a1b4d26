namespace Stytch.Emulator;

/// <summary>
/// The operation names the emulator gives its routes: used by <see cref="CallLog"/>, <see cref="Fault.Operation"/>
/// and <c>POST /emulator/faults</c>.
/// </summary>
public static class EmulatorOperations
{
    public const string PasswordsAuthenticate = "passwords.authenticate";
    public const string PasswordsCreate = "passwords.create";
    public const string MagicLinksEmailLoginOrCreate = "magic_links.email.login_or_create";
    public const string MagicLinksAuthenticate = "magic_links.authenticate";
    public const string OAuthStart = "oauth.start";
    public const string OAuthContinue = "oauth.continue";
    public const string OAuthAuthenticate = "oauth.authenticate";
    public const string SessionsAuthenticate = "sessions.authenticate";
    public const string SessionsRevoke = "sessions.revoke";
    public const string SessionsJwks = "sessions.jwks";
    public const string UsersGet = "users.get";
    public const string UsersConnectedApps = "users.connected_apps";
    public const string UsersRevoke = "users.revoke";
    public const string ConnectedAppsClientsCreate = "connected_apps.clients.create";
    public const string ConnectedAppsClientsGet = "connected_apps.clients.get";
    public const string IdpAuthorizeStart = "idp.oauth.authorize_start";
    public const string IdpAuthorize = "idp.oauth.authorize";

    /// <summary>The public OAuth 2.0 / OIDC endpoints a Connected App calls (no project credentials).</summary>
    public const string OAuth2Discovery = "oauth2.discovery";
    public const string OAuth2Jwks = "oauth2.jwks";
    public const string OAuth2Token = "oauth2.token";
    public const string OAuth2Introspect = "oauth2.introspect";
    public const string OAuth2Revoke = "oauth2.revoke";
    public const string OAuth2UserInfo = "oauth2.userinfo";

    /// <summary>Every emulated Stytch API operation.</summary>
    public static IReadOnlyList<string> StytchApi { get; } =
    [
        PasswordsAuthenticate, PasswordsCreate, MagicLinksEmailLoginOrCreate, MagicLinksAuthenticate,
        OAuthAuthenticate, SessionsAuthenticate, SessionsRevoke, SessionsJwks, UsersGet, UsersConnectedApps, UsersRevoke,
        ConnectedAppsClientsCreate, ConnectedAppsClientsGet, IdpAuthorizeStart, IdpAuthorize,
        OAuth2Discovery, OAuth2Jwks, OAuth2Token, OAuth2Introspect, OAuth2Revoke, OAuth2UserInfo,
    ];

    /// <summary>Every operation a <see cref="Fault"/> can target: the API plus the browser-facing OAuth routes.</summary>
    public static IReadOnlyList<string> Faultable { get; } = [.. StytchApi, OAuthStart, OAuthContinue];
}
