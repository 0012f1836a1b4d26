using System.Text.Json.Serialization;
using Stytch.Emulator.ConnectedApps;
using Stytch.Emulator.Faults;
using Stytch.Emulator.Idp;
using Stytch.Emulator.Inbox;
using Stytch.Emulator.Jwt;
using Stytch.Emulator.MagicLinks;
using Stytch.Emulator.OAuth;
using Stytch.Emulator.Oidc;
using Stytch.Emulator.Passwords;
using Stytch.Emulator.Sessions;
using Stytch.Emulator.Users;
using Stytch.Emulator.Wire;

namespace Stytch.Emulator.Infrastructure;

/// <summary>
/// Source-generated JSON for every wire type: snake_case names (Stytch's), nulls omitted (optional fields such as
/// <c>session</c> or <c>logo_url</c> are left out rather than sent as null).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StytchError))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(UserGetResponse))]
[JsonSerializable(typeof(ConnectedAppsResponse))]
[JsonSerializable(typeof(SessionAuthenticateRequest))]
[JsonSerializable(typeof(SessionAuthenticateResponse))]
[JsonSerializable(typeof(SessionRevokeRequest))]
[JsonSerializable(typeof(JwksResponse))]
[JsonSerializable(typeof(JwtHeader))]
[JsonSerializable(typeof(SessionJwtPayload))]
[JsonSerializable(typeof(OAuthFactorView))]
[JsonSerializable(typeof(PasswordAuthenticateRequest))]
[JsonSerializable(typeof(PasswordAuthenticateResponse))]
[JsonSerializable(typeof(PasswordCreateRequest))]
[JsonSerializable(typeof(PasswordCreateResponse))]
[JsonSerializable(typeof(LoginOrCreateRequest))]
[JsonSerializable(typeof(LoginOrCreateResponse))]
[JsonSerializable(typeof(MagicLinkAuthenticateRequest))]
[JsonSerializable(typeof(MagicLinkAuthenticateResponse))]
[JsonSerializable(typeof(OAuthAuthenticateRequest))]
[JsonSerializable(typeof(OAuthAuthenticateResponse))]
[JsonSerializable(typeof(InboxResponse))]
[JsonSerializable(typeof(FaultRequest))]
[JsonSerializable(typeof(FaultListResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ConnectedAppCreateRequest))]
[JsonSerializable(typeof(ConnectedAppClientResponse))]
[JsonSerializable(typeof(AuthorizeStartRequest))]
[JsonSerializable(typeof(AuthorizeRequest))]
[JsonSerializable(typeof(AuthorizeStartResponse))]
[JsonSerializable(typeof(AuthorizeResponse))]
[JsonSerializable(typeof(AccessTokenPayload))]
[JsonSerializable(typeof(IdTokenPayload))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(IntrospectionResponse))]
[JsonSerializable(typeof(RevocationResponse))]
[JsonSerializable(typeof(UserInfoResponse))]
[JsonSerializable(typeof(DiscoveryDocument))]
[JsonSerializable(typeof(JwkSet))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
