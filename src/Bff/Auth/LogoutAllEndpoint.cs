using Bff.Me;
using Bff.Security;
using Bff.Sessions;
using Bff.Stytch;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bff.Auth;

/// <summary><c>POST /auth/logout-all</c>: "log out everywhere" — every session of the user, on every instance and at Stytch.</summary>
public static class LogoutAllEndpoint
{
    public static RouteHandlerBuilder MapLogoutAll(this RouteGroupBuilder group) =>
        group.MapPost("/logout-all", LogoutAll).RequireCsrf().RequireAuthorization().SkipSessionRefresh()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// Answers like Stytch's SDK (<c>{status_code, request_id}</c>, request_id = Stytch's for this browser's session).
    /// Sessions Stytch could not revoke (outage) still end in the BFF; they are logged and expire at Stytch by themselves.
    /// </summary>
    public static async Task<Ok<StytchAck>> LogoutAll(
        BffSession session, ISessionRevocation revocation, StytchClient stytch, SessionCookie sessions, HttpContext context, CancellationToken ct)
    {
        var result = await revocation.RevokeUserSessionsAsync(session.UserId, ct);
        var own = result.Sessions.FirstOrDefault(s => s.SessionId == session.SessionId);
        var requestId = own?.StytchRequestId;
        if (own is null)
        {
            // Not in the index (it should be): end it anyway.
            var revoked = await stytch.RevokeSessionAsync(session.SessionId, ct);
            requestId = revoked.Value?.RequestId ?? revoked.Failure?.RequestId;
        }

        await sessions.EndAsync(context);
        return TypedResults.Ok(new StytchAck(StatusCodes.Status200OK, requestId));
    }
}
