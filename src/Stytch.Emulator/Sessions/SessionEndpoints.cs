using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.Jwt;
using Stytch.Emulator.State;
using Stytch.Emulator.Wire;

namespace Stytch.Emulator.Sessions;

/// <summary><c>/v1/sessions/*</c>: authenticate, revoke and the JWKS.</summary>
internal static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sessions");
        group.MapPost("/authenticate", Authenticate).WithOperation(EmulatorOperations.SessionsAuthenticate);
        group.MapPost("/revoke", Revoke).WithOperation(EmulatorOperations.SessionsRevoke);

        // The Node SDK fetches the JWKS without credentials, so it is public (stytch-api.md §2.7).
        group.MapGet("/jwks/{projectId}", Jwks).WithPublicOperation(EmulatorOperations.SessionsJwks);
        return group;
    }

    public static Results<JsonHttpResult<SessionAuthenticateResponse>, JsonHttpResult<StytchError>> Authenticate(
        HttpContext http, LoginSessions logins, UserStore users, TimeProvider clock)
    {
        var body = RequestJson.Read(http, EmulatorJsonContext.Default.SessionAuthenticateRequest);
        var token = SessionArguments.Present(body.SessionToken);
        var jwt = SessionArguments.Present(body.SessionJwt);
        if (token is not null && jwt is not null)
        {
            return StytchErrors.TooManySessionArguments();
        }

        if (token is null && jwt is null)
        {
            return StytchErrors.NoSessionArguments();
        }

        if (!SessionArguments.IsValidDuration(body.SessionDurationMinutes))
        {
            return StytchErrors.InvalidSessionDuration();
        }

        var (session, error) = token is not null ? logins.ByToken(token) : logins.ByJwt(jwt!);
        if (error is not null)
        {
            return error;
        }

        if (users.Find(session!.UserId) is not { } user)
        {
            return StytchErrors.SessionNotFound();
        }

        session.Touch(clock.GetUtcNow(), body.SessionDurationMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null);
        session.MergeCustomClaims(body.SessionCustomClaims);
        var issued = logins.Answer(session);
        return TypedResults.Json(
            new SessionAuthenticateResponse(StytchIds.RequestId(), 200, issued.Session!, issued.SessionToken, issued.SessionJwt, user.ToView()),
            EmulatorJsonContext.Default.SessionAuthenticateResponse);
    }

    public static Results<JsonHttpResult<StatusResponse>, JsonHttpResult<StytchError>> Revoke(HttpContext http, LoginSessions logins)
    {
        var body = RequestJson.Read(http, EmulatorJsonContext.Default.SessionRevokeRequest);
        var id = SessionArguments.Present(body.SessionId);
        var token = SessionArguments.Present(body.SessionToken);
        var jwt = SessionArguments.Present(body.SessionJwt);
        var given = (id is null ? 0 : 1) + (token is null ? 0 : 1) + (jwt is null ? 0 : 1);
        if (given == 0)
        {
            return StytchErrors.NoSessionRevokeArguments();
        }

        if (given > 1)
        {
            return StytchErrors.TooManySessionRevokeArguments();
        }

        var (session, error) = id is not null ? logins.ById(id) : token is not null ? logins.ByToken(token) : logins.ByJwt(jwt!);
        if (error is not null)
        {
            return error;
        }

        session!.Revoke();
        return TypedResults.Json(new StatusResponse(StytchIds.RequestId(), 200), EmulatorJsonContext.Default.StatusResponse);
    }

    public static Results<JsonHttpResult<JwksResponse>, JsonHttpResult<StytchError>> Jwks(
        string projectId, SigningKeys keys, EmulatorOptions options)
    {
        if (!string.Equals(projectId, options.ProjectId, StringComparison.Ordinal))
        {
            return StytchErrors.ProjectNotFound();
        }

        return TypedResults.Json(
            new JwksResponse([.. keys.Published.Select(k => k.Jwk)], StytchIds.RequestId(), 200),
            EmulatorJsonContext.Default.JwksResponse);
    }
}
