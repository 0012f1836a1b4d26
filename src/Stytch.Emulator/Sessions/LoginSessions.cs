using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.Jwt;
using Stytch.Emulator.State;
using Stytch.Emulator.Wire;

namespace Stytch.Emulator.Sessions;

/// <summary>
/// Starts, extends and finds sessions for the login exchanges (passwords, magic links, OAuth) and for
/// <c>/v1/sessions/*</c>. Validation (<see cref="Resolve"/>) is separate from issuing, so a handler can reject a request
/// before it uses up a single-use token.
/// </summary>
internal sealed class LoginSessions(SessionStore sessions, SessionJwtIssuer jwts, TimeProvider clock)
{
    /// <summary>
    /// Checks the session arguments of a login for <paramref name="userId"/>: the duration range, at most one existing
    /// session, and that an existing session is active and belongs to the same user.
    /// </summary>
    public SessionPlan Resolve(SessionArguments args, string userId)
    {
        if (!SessionArguments.IsValidDuration(args.DurationMinutes))
        {
            return SessionPlan.Fail(StytchErrors.InvalidSessionDuration());
        }

        var token = SessionArguments.Present(args.SessionToken);
        var jwt = SessionArguments.Present(args.SessionJwt);
        if (token is not null && jwt is not null)
        {
            return SessionPlan.Fail(StytchErrors.TooManySessionArguments());
        }

        if (token is null && jwt is null)
        {
            return new SessionPlan(null, args, null);
        }

        var (existing, error) = token is not null ? ByToken(token) : ByJwt(jwt!);
        if (error is not null)
        {
            return SessionPlan.Fail(error);
        }

        return !string.Equals(existing!.UserId, userId, StringComparison.Ordinal)
            ? SessionPlan.Fail(StytchErrors.SessionUserMismatch())
            : new SessionPlan(existing, args, null);
    }

    /// <summary>Carries out a plan: adds the factor to the existing session, or starts one when a duration was given.</summary>
    public IssuedSession Issue(SessionPlan plan, UserRecord user, AuthFactor factor, HttpContext http)
    {
        var now = clock.GetUtcNow();
        var duration = plan.Arguments.DurationMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
        SessionRecord session;
        if (plan.Existing is { } existing)
        {
            existing.AddFactor(factor);
            existing.Touch(now, duration);
            existing.MergeCustomClaims(plan.Arguments.CustomClaims);
            session = existing;
        }
        else if (duration is { } lifetime)
        {
            session = sessions.Add(new SessionRecord(user.UserId, factor, now, lifetime, AttributesOf(http), plan.Arguments.CustomClaims));
        }
        else
        {
            return IssuedSession.None;
        }

        return Answer(session);
    }

    /// <summary>The session's wire object with its token and a freshly minted JWT.</summary>
    public IssuedSession Answer(SessionRecord session)
    {
        var snapshot = session.Snapshot();
        return new IssuedSession(snapshot.ToView(), session.Token, jwts.Issue(snapshot));
    }

    /// <summary>The active session with this token, or <c>session_not_found</c>.</summary>
    public (SessionRecord? Session, JsonHttpResult<StytchError>? Error) ByToken(string token) =>
        sessions.FindActiveByToken(token) is { } session ? (session, null) : (null, StytchErrors.SessionNotFound());

    /// <summary>
    /// The active session a JWT names. An unparsable JWT is <c>unable_to_parse_session_jwt</c>; a JWT no published key
    /// verifies, or whose session ended, is <c>session_not_found</c>. An expired <c>exp</c> is fine.
    /// </summary>
    public (SessionRecord? Session, JsonHttpResult<StytchError>? Error) ByJwt(string jwt)
    {
        var check = jwts.Check(jwt);
        return check.Outcome switch
        {
            JwtCheckOutcome.Unparsable => (null, StytchErrors.UnparsableSessionJwt()),
            JwtCheckOutcome.Valid when sessions.FindActive(check.SessionId!) is { } session => (session, null),
            _ => (null, StytchErrors.SessionNotFound()),
        };
    }

    /// <summary>The active session with this id, or <c>session_not_found</c>.</summary>
    public (SessionRecord? Session, JsonHttpResult<StytchError>? Error) ById(string sessionId) =>
        sessions.FindActive(sessionId) is { } session ? (session, null) : (null, StytchErrors.SessionNotFound());

    public static AttributesView AttributesOf(HttpContext http) =>
        new(http.Connection.RemoteIpAddress?.ToString() ?? "", http.Request.Headers.UserAgent.ToString());
}
