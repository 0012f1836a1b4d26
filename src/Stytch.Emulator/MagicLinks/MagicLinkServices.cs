using Stytch.Emulator.Sessions;
using Stytch.Emulator.State;

namespace Stytch.Emulator.MagicLinks;

/// <summary>The services the magic-link handlers use, bound with <c>[AsParameters]</c>.</summary>
internal readonly record struct MagicLinkServices(
    UserStore Users,
    OneTimeTokens<PendingMagicLink> Links,
    LoginSessions Logins,
    MagicLinkInbox Inbox,
    EmulatorOptions Options,
    TimeProvider Clock,
    ILogger<MagicLinkServices> Logger);
