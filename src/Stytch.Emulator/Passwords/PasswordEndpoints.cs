using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.Sessions;
using Stytch.Emulator.State;

namespace Stytch.Emulator.Passwords;

/// <summary><c>POST /v1/passwords</c> (create) and <c>POST /v1/passwords/authenticate</c>.</summary>
internal static class PasswordEndpoints
{
    /// <summary>The emulator's stand-in for Stytch's strength check.</summary>
    public const int MinimumPasswordLength = 8;

    public static RouteGroupBuilder MapPasswords(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/passwords");
        group.MapPost("", Create).WithOperation(EmulatorOperations.PasswordsCreate);
        group.MapPost("/authenticate", Authenticate).WithOperation(EmulatorOperations.PasswordsAuthenticate);
        return group;
    }

    public static Results<JsonHttpResult<PasswordAuthenticateResponse>, JsonHttpResult<StytchError>> Authenticate(
        HttpContext http, UserStore users, LoginSessions logins, TimeProvider clock)
    {
        var body = RequestJson.Read(http, EmulatorJsonContext.Default.PasswordAuthenticateRequest);
        if (string.IsNullOrEmpty(body.Email))
        {
            return StytchErrors.MissingField("email");
        }

        if (string.IsNullOrEmpty(body.Password))
        {
            return StytchErrors.MissingField("password");
        }

        if (users.FindByEmail(body.Email) is not { } user)
        {
            return StytchErrors.EmailNotFound();
        }

        // A user without a password (magic link or OAuth only) fails like a wrong password.
        if (!user.PasswordMatches(body.Password))
        {
            return StytchErrors.WrongPassword();
        }

        var plan = logins.Resolve(new SessionArguments(body.SessionDurationMinutes, body.SessionToken, body.SessionJwt, body.SessionCustomClaims), user.UserId);
        if (plan.Error is not null)
        {
            return plan.Error;
        }

        var issued = logins.Issue(plan, user, AuthFactor.Password(clock.GetUtcNow()), http);
        return TypedResults.Json(
            new PasswordAuthenticateResponse(StytchIds.RequestId(), 200, user.UserId, issued.SessionToken, issued.SessionJwt, user.ToView(), issued.Session),
            EmulatorJsonContext.Default.PasswordAuthenticateResponse);
    }

    public static Results<JsonHttpResult<PasswordCreateResponse>, JsonHttpResult<StytchError>> Create(
        HttpContext http, UserStore users, LoginSessions logins, TimeProvider clock)
    {
        var body = RequestJson.Read(http, EmulatorJsonContext.Default.PasswordCreateRequest);
        if (string.IsNullOrEmpty(body.Email))
        {
            return StytchErrors.MissingField("email");
        }

        if (string.IsNullOrEmpty(body.Password))
        {
            return StytchErrors.MissingField("password");
        }

        if (!EmailAddresses.IsValid(body.Email))
        {
            return StytchErrors.InvalidEmail();
        }

        if (body.Password.Length < MinimumPasswordLength)
        {
            return StytchErrors.WeakPassword();
        }

        if (!SessionArguments.IsValidDuration(body.SessionDurationMinutes))
        {
            return StytchErrors.InvalidSessionDuration();
        }

        if (users.TryCreate(body.Email, body.Name?.FirstName ?? "", body.Name?.LastName ?? "") is not { } user)
        {
            return StytchErrors.DuplicateEmail();
        }

        user.SetPassword(body.Password);
        user.SetProfile(body.Name, body.TrustedMetadata, body.UntrustedMetadata);
        var plan = new SessionPlan(null, new SessionArguments(body.SessionDurationMinutes, null, null, body.SessionCustomClaims), null);
        var issued = logins.Issue(plan, user, AuthFactor.Password(clock.GetUtcNow()), http);
        return TypedResults.Json(
            new PasswordCreateResponse(
                StytchIds.RequestId(), 200, user.UserId, user.EmailId, issued.SessionToken, issued.SessionJwt, user.ToView(), issued.Session),
            EmulatorJsonContext.Default.PasswordCreateResponse);
    }
}
