using Stytch.Emulator.Sessions;
using Stytch.Emulator.State;

namespace Stytch.Emulator.OAuth;

/// <summary>The services the OAuth handlers use, bound with <c>[AsParameters]</c>.</summary>
internal readonly record struct OAuthServices(
    UserStore Users,
    OneTimeTokens<PendingOAuthFlow> Flows,
    OneTimeTokens<PendingOAuthLogin> Logins,
    LoginSessions Sessions,
    EmulatorOptions Options,
    TimeProvider Clock,
    ILogger<OAuthServices> Logger);
