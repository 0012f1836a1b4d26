using Bff.Hosting;
using Bff.Stytch;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bff.Sessions;

/// <summary>Starting and ending server-side sessions (a singleton: handlers take it as a parameter).</summary>
public sealed class SessionCookie(
    SessionRefresher refresher, IOptions<BffSessionOptions> options, TimeProvider time, IAuthenticationSchemeProvider schemes)
{
    /// <summary>Ends the current session, if any: deletes it from the store and expires the cookie.</summary>
    public async Task EndAsync(HttpContext context)
    {
        if (context.Features.Get<BffSession>() is { Key: { } key })
        {
            refresher.Forget(key);
        }

        await context.SignOutAsync(SessionTicket.Scheme);
        context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        context.Features.Set<BffSession>(null);
    }

    /// <summary>
    /// Stytch no longer knows the session (<c>session_not_found</c>): ends it here too and answers 401, whichever call
    /// found out (the freshness check, or an endpoint that sent the session token to Stytch).
    /// </summary>
    public async Task<ProblemHttpResult> EndedAtStytchAsync(HttpContext context, StytchFailure failure)
    {
        await EndAsync(context);
        return TypedResults.Problem(BffProblems.Create(StatusCodes.Status401Unauthorized, "session_not_found",
            "Your session has ended. Please log in again.", failure.RequestId, failure.ErrorUrl));
    }

    /// <summary>
    /// Starts a new session from a Stytch login, always under a new key. Any session the browser already had is ended
    /// first, so a session key planted before login (session fixation) is never promoted.
    /// </summary>
    public async Task<BffSession> StartAsync(HttpContext context, StytchLogin login)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            await EndAsync(context);
        }

        var principal = SessionTicket.CreatePrincipal(login.User, login.Session);
        var properties = SessionTicket.CreateProperties(login, time.GetUtcNow(), options.Value);

        // Not context.SignInAsync: the request's cookie handler remembers the key of the session it authenticated and
        // would write the new ticket under that old key. A fresh handler reads the request cookie again, finds its
        // session gone (ended above) and stores the new ticket under a new key.
        var handlers = new AuthenticationHandlerProvider(schemes);
        var handler = await handlers.GetHandlerAsync(context, SessionTicket.Scheme) as IAuthenticationSignInHandler
            ?? throw new InvalidOperationException($"The '{SessionTicket.Scheme}' scheme cannot sign in.");
        await handler.SignInAsync(principal, properties);

        var session = SessionTicket.Read(new AuthenticationTicket(principal, properties, SessionTicket.Scheme))!;
        context.Features.Set(session); // for the request log's user id; Key is null, so nothing treats it as loaded
        return session;
    }
}
