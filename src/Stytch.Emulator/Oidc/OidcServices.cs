using Stytch.Emulator.Idp;
using Stytch.Emulator.Jwt;
using Stytch.Emulator.State;

namespace Stytch.Emulator.Oidc;

/// <summary>The services the public OAuth handlers use, bound with <c>[AsParameters]</c>.</summary>
internal readonly record struct OidcServices(
    UserStore Users,
    ConnectedAppClientStore Clients,
    AuthorizationCodes Codes,
    IdpTokenStore Tokens,
    IdpTokenIssuer Issuer,
    SigningKeys Keys,
    IdpSettings Settings,
    TimeProvider Clock,
    ILogger<OidcServices> Logger);
