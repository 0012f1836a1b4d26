using Bff.Hosting;
using Bff.Sessions;
using Bff.Stytch;
using Microsoft.AspNetCore.Authentication;

namespace Bff.Auth;

/// <summary>Starts the session of a completed login, the same way for every login method (a singleton).</summary>
public sealed class LoginSession(SessionCookie sessions, PreviousSessionRevoker previousSessions)
{
    /// <summary>
    /// Starts a new BFF session (<see cref="SessionCookie.StartAsync"/> ends the one the browser had, so a planted key
    /// is never promoted) and queues the revoke of that previous session at Stytch.
    /// </summary>
    public async Task<BffSession> StartAsync(HttpContext context, StytchLogin login)
    {
        var previous = CurrentSession(context);
        var session = await sessions.StartAsync(context, login);
        if (previous is not null && !string.Equals(previous.SessionId, session.SessionId, StringComparison.Ordinal))
        {
            previousSessions.Enqueue(previous.UserId, previous.SessionId, RequestIdMiddleware.Get(context));
        }

        return session;
    }

    private static BffSession? CurrentSession(HttpContext context) =>
        context.Features.Get<BffSession>()
        ?? (context.User.Identity?.IsAuthenticated == true
            ? SessionTicket.Read(context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket)
            : null);
}
