using Stytch.Emulator.Sessions;
using Stytch.Emulator.State;

namespace Stytch.Emulator.Idp;

/// <summary>The services the authorize handlers use, bound with <c>[AsParameters]</c>.</summary>
internal readonly record struct IdpServices(
    UserStore Users,
    ConnectedAppClientStore Clients,
    LoginSessions Logins,
    AuthorizationCodes Codes,
    ILogger<IdpServices> Logger);

/// <summary>An authorization request that passed every check of <c>authorize/start</c>.</summary>
internal sealed record CheckedAuthorization(
    UserRecord User,
    ConnectedAppClientRecord Client,
    string RedirectUri,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> GrantableScopes,
    bool ConsentRequired);
