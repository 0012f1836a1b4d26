namespace Bff.Stytch;

// The Stytch consumer API shapes the BFF uses (see shared/reference/stytch-api.md). Property names are
// snake_case on the wire through StytchJsonContext. Only the fields the BFF reads or forwards are modelled.

public sealed record StytchErrorBody(
    int StatusCode,
    string? RequestId,
    string? ErrorType,
    string? ErrorMessage,
    string? ErrorUrl);

public sealed record RevokeConnectedAppResponse(string RequestId, int StatusCode);

public sealed record ConnectedAppsResponse(string RequestId, int StatusCode, IReadOnlyList<UserConnectedApp> ConnectedApps);

public sealed record UserConnectedApp(
    string ConnectedAppId,
    string Name,
    string Description,
    string ClientType,
    string ScopesGranted,
    string? LogoUrl);

public sealed record StytchEmail(string EmailId, string Email, bool Verified);

public sealed record StytchName(string? FirstName, string? MiddleName, string? LastName);

public sealed record StytchUser(string UserId, IReadOnlyList<StytchEmail> Emails, StytchName? Name, string? Status);

public sealed record EmailFactor(string? EmailId, string? EmailAddress);

public sealed record AuthenticationFactor(
    string Type,
    string? DeliveryMethod,
    DateTimeOffset? LastAuthenticatedAt,
    EmailFactor? EmailFactor);

public sealed record StytchSession(
    string SessionId,
    string UserId,
    DateTimeOffset? StartedAt,
    DateTimeOffset? LastAccessedAt,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<AuthenticationFactor> AuthenticationFactors,
    IReadOnlyList<string>? Roles);

/// <summary>What every session-minting call returns, normalised (OAuth names its session <c>user_session</c>).</summary>
public sealed record StytchLogin(
    string RequestId,
    string UserId,
    string SessionToken,
    string SessionJwt,
    StytchSession Session,
    StytchUser User);

public sealed record SessionAuthenticateResponse(
    string RequestId,
    int StatusCode,
    string SessionToken,
    string SessionJwt,
    StytchSession Session,
    StytchUser User);

public sealed record PasswordAuthenticateResponse(
    string RequestId,
    int StatusCode,
    string UserId,
    string SessionToken,
    string SessionJwt,
    StytchSession? Session,
    StytchUser User);

public sealed record MagicLinkAuthenticateResponse(
    string RequestId,
    int StatusCode,
    string UserId,
    string SessionToken,
    string SessionJwt,
    StytchSession? Session,
    StytchUser User);

public sealed record OAuthAuthenticateResponse(
    string RequestId,
    int StatusCode,
    string UserId,
    string SessionToken,
    string SessionJwt,
    StytchSession? UserSession,
    StytchUser User);

public sealed record MagicLinkLoginOrCreateResponse(string RequestId, int StatusCode, string? UserId, string? EmailId, bool UserCreated);

public sealed record SessionRevokeResponse(string RequestId, int StatusCode);

public sealed record PasswordAuthenticateRequest(string Email, string Password, int SessionDurationMinutes);

public sealed record MagicLinkLoginOrCreateRequest(string Email, string LoginMagicLinkUrl, string SignupMagicLinkUrl);

public sealed record MagicLinkAuthenticateRequest(string Token, int SessionDurationMinutes);

public sealed record OAuthAuthenticateRequest(string Token, int SessionDurationMinutes, string CodeVerifier);

public sealed record SessionAuthenticateRequest(string SessionToken);

public sealed record SessionRevokeRequest(string SessionId);

/// <summary>The revoke body: Stytch's schema is an empty object.</summary>
public sealed record EmptyRequest;
