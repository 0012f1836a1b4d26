using Stytch.Emulator.Wire;

namespace Stytch.Emulator.Sessions;

/// <summary>
/// What a login exchange answers about sessions. Without <c>session_duration_minutes</c> (and no existing session)
/// Stytch creates no session: the token and JWT are then empty strings (UNCONFIRMED) and the session object is omitted.
/// </summary>
internal sealed record IssuedSession(SessionView? Session, string SessionToken, string SessionJwt)
{
    public static IssuedSession None { get; } = new(null, "", "");
}
