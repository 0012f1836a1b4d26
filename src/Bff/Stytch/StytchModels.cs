namespace Bff.Stytch;

// The Stytch consumer API shapes the BFF uses (see shared/reference/stytch-api.md). Property names are
// snake_case on the wire through StytchJsonContext. Only the fields the BFF reads or forwards are modelled.
// StytchJsonContext enforces the contract: a constructor parameter without a default is required (a body without it
// is not the expected JSON, answered 502), and a non-nullable one may not be null. Fields the spec marks optional, or
// that the BFF can do without, have defaults.

public sealed record StytchErrorBody(
    int StatusCode = 0,
    string? RequestId = null,
    string? ErrorType = null,
    string? ErrorMessage = null,
    string? ErrorUrl = null);

public sealed record RevokeConnectedAppResponse(string RequestId, int StatusCode);

public sealed record ConnectedAppsResponse(string RequestId, int StatusCode, IReadOnlyList<UserConnectedApp> ConnectedApps);

public sealed record UserConnectedApp(
    string ConnectedAppId,
    string Name,
    string Description,
    string ClientType,
    string ScopesGranted,
    string? LogoUrl = null);

public sealed record StytchEmail(string EmailId, string Email, bool Verified);

public sealed record StytchName(string? FirstName = null, string? MiddleName = null, string? LastName = null);

public sealed record StytchUser(string UserId, IReadOnlyList<StytchEmail> Emails, StytchName? Name = null, string? Status = null);

public sealed record EmailFactor(string? EmailId = null, string? EmailAddress = null);

public sealed record AuthenticationFactor(
    string Type,
    string? DeliveryMethod = null,
    DateTimeOffset? LastAuthenticatedAt = null,
    EmailFactor? EmailFactor = null);

public sealed record StytchSession(
    string SessionId,
    string UserId,
    IReadOnlyList<AuthenticationFactor> AuthenticationFactors,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? LastAccessedAt = null,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<string>? Roles = null);

/// <summary>What every session-minting call returns, normalised (OAuth names its session <c>user_session</c>).</summary>
public sealed record StytchLogin(
    string RequestId,
    string UserId,
    string SessionToken,
    string SessionJwt,
    StytchSession Session,
    StytchUser User)
{
    /// <summary>Records print every member; this one holds a Stytch secret (password, token or JWT).</summary>
    public override string ToString() => "StytchLogin { *** }";
}

public sealed record SessionAuthenticateResponse(
    string RequestId,
    int StatusCode,
    string SessionToken,
    string SessionJwt,
    StytchSession Session,
    StytchUser User)
{
    /// <summary>Records print every member; this one holds a Stytch secret (password, token or JWT).</summary>
    public override string ToString() => "SessionAuthenticateResponse { *** }";
}

public sealed record PasswordAuthenticateResponse(
    string RequestId,
    int StatusCode,
    string UserId,
    string SessionToken,
    string SessionJwt,
    StytchUser User,
    StytchSession? Session = null)
{
    /// <summary>Records print every member; this one holds a Stytch secret (password, token or JWT).</summary>
    public override string ToString() => "PasswordAuthenticateResponse { *** }";
}

public sealed record MagicLinkAuthenticateResponse(
    string RequestId,
    int StatusCode,
    string UserId,
    string SessionToken,
    string SessionJwt,
    StytchUser User,
    StytchSession? Session = null)
{
    /// <summary>Records print every member; this one holds a Stytch secret (password, token or JWT).</summary>
    public override string ToString() => "MagicLinkAuthenticateResponse { *** }";
}

public sealed record OAuthAuthenticateResponse(
    string RequestId,
    int StatusCode,
    string UserId,
    string SessionToken,
    string SessionJwt,
    StytchUser User,
    StytchSession? UserSession = null)
{
    /// <summary>Records print every member; this one holds a Stytch secret (password, token or JWT).</summary>
    public override string ToString() => "OAuthAuthenticateResponse { *** }";
}

public sealed record MagicLinkLoginOrCreateResponse(string RequestId, int StatusCode, string? UserId = null, string? EmailId = null, bool UserCreated = false);

public sealed record SessionRevokeResponse(string RequestId, int StatusCode);

public sealed record PasswordAuthenticateRequest(string Email, string Password, int SessionDurationMinutes)
{
    /// <summary>Records print every member; this one holds a Stytch secret (password, token or JWT).</summary>
    public override string ToString() => "PasswordAuthenticateRequest { *** }";
}

/// <summary>The link's lifetime is set for login and sign-up alike; <c>code_challenge</c> (magic-link PKCE) ties it to one browser.</summary>
public sealed record MagicLinkLoginOrCreateRequest(
    string Email,
    string LoginMagicLinkUrl,
    string SignupMagicLinkUrl,
    int LoginExpirationMinutes,
    int SignupExpirationMinutes,
    string? CodeChallenge = null);

/// <summary><c>code_verifier</c> when the link was sent with a <c>code_challenge</c>.</summary>
public sealed record MagicLinkAuthenticateRequest(string Token, int SessionDurationMinutes, string? CodeVerifier = null)
{
    /// <summary>Records print every member; this one holds a Stytch secret (password, token or JWT).</summary>
    public override string ToString() => "MagicLinkAuthenticateRequest { *** }";
}

public sealed record OAuthAuthenticateRequest(string Token, int SessionDurationMinutes, string CodeVerifier)
{
    /// <summary>Records print every member; this one holds a Stytch secret (password, token or JWT).</summary>
    public override string ToString() => "OAuthAuthenticateRequest { *** }";
}

public sealed record SessionAuthenticateRequest(string SessionToken)
{
    /// <summary>Records print every member; this one holds a Stytch secret (password, token or JWT).</summary>
    public override string ToString() => "SessionAuthenticateRequest { *** }";
}

public sealed record SessionRevokeRequest(string SessionId);

/// <summary>The revoke body: Stytch's schema is an empty object.</summary>
public sealed record EmptyRequest;

/// <summary>
/// <c>POST /v1/idp/oauth/authorize/start</c> (connected-apps-idp.md §1). The user is named by the session's
/// <see cref="SessionToken"/> only: never <c>user_id</c> or <c>session_jwt</c>.
/// </summary>
public sealed record IdpAuthorizeStartRequest(
    string ClientId,
    string RedirectUri,
    string ResponseType,
    IReadOnlyList<string> Scopes,
    string SessionToken,
    string? Prompt = null)
{
    /// <summary>Records print every member; this one holds a Stytch secret (password, token or JWT).</summary>
    public override string ToString() => $"IdpAuthorizeStartRequest {{ ClientId = {ClientId}, SessionToken = *** }}";
}

/// <summary>The preflight's answer, as far as the consent page needs it (<c>user</c> and <c>user_id</c> are not read).</summary>
public sealed record IdpAuthorizeStartResponse(
    string RequestId,
    int StatusCode,
    ConnectedAppPublic Client,
    bool ConsentRequired,
    IReadOnlyList<IdpScopeResult> ScopeResults);

/// <summary><c>api_connectedapps_v1_ConnectedAppPublic</c>: <c>logo_url</c> is the only optional field.</summary>
public sealed record ConnectedAppPublic(
    string ClientId,
    string ClientName,
    string ClientDescription,
    string ClientType,
    string? LogoUrl = null);

/// <summary><c>api_idp_v1_ScopeResult</c>.</summary>
public sealed record IdpScopeResult(string Scope, string Description, bool IsGrantable);

/// <summary><c>POST /v1/idp/oauth/authorize</c> (connected-apps-idp.md §2). Optional fields are left out when absent.</summary>
public sealed record IdpAuthorizeRequest(
    string ClientId,
    string RedirectUri,
    string ResponseType,
    IReadOnlyList<string> Scopes,
    bool ConsentGranted,
    string SessionToken,
    string? Prompt = null,
    string? State = null,
    string? Nonce = null,
    string? CodeChallenge = null,
    IReadOnlyList<string>? Resources = null)
{
    /// <summary>Records print every member; this one holds a Stytch secret (password, token or JWT).</summary>
    public override string ToString() => $"IdpAuthorizeRequest {{ ClientId = {ClientId}, ConsentGranted = {ConsentGranted}, SessionToken = *** }}";
}

/// <summary>The submit's answer: <c>redirect_uri</c> is where the browser goes, with the code or the OAuth error in it.</summary>
public sealed record IdpAuthorizeResponse(string RequestId, int StatusCode, string RedirectUri, string? AuthorizationCode = null)
{
    /// <summary>Records print every member; this one holds an authorization code.</summary>
    public override string ToString() => $"IdpAuthorizeResponse {{ RequestId = {RequestId}, RedirectUri = *** }}";
}
