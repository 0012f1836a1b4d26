using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.Passwords;
using Stytch.Emulator.Sessions;
using Stytch.Emulator.State;

namespace Stytch.Emulator.MagicLinks;

/// <summary><c>POST /v1/magic_links/email/login_or_create</c> and <c>POST /v1/magic_links/authenticate</c>.</summary>
internal static class MagicLinkEndpoints
{
    public static RouteGroupBuilder MapMagicLinks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/magic_links");
        group.MapPost("/email/login_or_create", LoginOrCreate).WithOperation(EmulatorOperations.MagicLinksEmailLoginOrCreate);
        group.MapPost("/authenticate", Authenticate).WithOperation(EmulatorOperations.MagicLinksAuthenticate);
        return group;
    }

    public static Results<JsonHttpResult<LoginOrCreateResponse>, JsonHttpResult<StytchError>> LoginOrCreate(
        HttpContext http, [AsParameters] MagicLinkServices services)
    {
        var (users, links, _, inbox, options, clock, logger) = services;
        var body = RequestJson.Read(http, EmulatorJsonContext.Default.LoginOrCreateRequest);
        if (string.IsNullOrEmpty(body.Email))
        {
            return StytchErrors.MissingField("email");
        }

        if (!EmailAddresses.IsValid(body.Email))
        {
            return StytchErrors.InvalidEmail();
        }

        var existing = users.FindByEmail(body.Email);
        var url = existing is null ? body.SignupMagicLinkUrl ?? body.LoginMagicLinkUrl : body.LoginMagicLinkUrl;
        if (!RedirectUrls.TryParse(string.IsNullOrEmpty(url) ? options.DefaultRedirectUrl : url, out var redirect))
        {
            return StytchErrors.InvalidRedirectUrl();
        }

        var minutes = existing is null ? body.SignupExpirationMinutes ?? 10_080 : body.LoginExpirationMinutes ?? 60;
        if (minutes is < 5 or > 10_080)
        {
            return StytchErrors.BadRequest("Magic link expiration must be between 5 and 10080 minutes.");
        }

        var (user, created) = existing is null ? users.GetOrCreate(body.Email, body.CreateUserAsPending ?? false) : (existing, false);
        var token = StytchIds.LoginToken();
        links.Add(token, new PendingMagicLink(user.UserId, SessionArguments.Present(body.CodeChallenge)), TimeSpan.FromMinutes(minutes));
        var link = RedirectUrls.WithToken(redirect, "magic_links", token);
        inbox.Add(new MagicLinkMessage(user.Email, link, token, clock.GetUtcNow()));
        // The link's query carries the single-use token: only where it points is logged; the inbox shows the link.
        MagicLinkLog.MagicLinkSent(logger, user.Email, user.UserId, created, redirect);
        return TypedResults.Json(
            new LoginOrCreateResponse(StytchIds.RequestId(), user.UserId, user.EmailId, created, 200),
            EmulatorJsonContext.Default.LoginOrCreateResponse);
    }

    public static Results<JsonHttpResult<MagicLinkAuthenticateResponse>, JsonHttpResult<StytchError>> Authenticate(
        HttpContext http, [AsParameters] MagicLinkServices services)
    {
        var (users, links, logins, _, _, clock, _) = services;
        var body = RequestJson.Read(http, EmulatorJsonContext.Default.MagicLinkAuthenticateRequest);
        if (string.IsNullOrEmpty(body.Token))
        {
            return StytchErrors.MissingField("token");
        }

        var lookup = links.Peek(body.Token);
        if (lookup.State == TokenState.NotFound || users.Find(lookup.Value!.UserId) is not { } user)
        {
            return StytchErrors.MagicLinkNotFound();
        }

        if (lookup.State == TokenState.Expired)
        {
            links.TryConsume(body.Token);
            return StytchErrors.MagicLinkExpired();
        }

        if (!Pkce.Matches(lookup.Value.CodeChallenge, SessionArguments.Present(body.CodeVerifier)))
        {
            return StytchErrors.PkceMismatch();
        }

        var plan = logins.Resolve(new SessionArguments(body.SessionDurationMinutes, body.SessionToken, body.SessionJwt, body.SessionCustomClaims), user.UserId);
        if (plan.Error is not null)
        {
            return plan.Error;
        }

        if (!links.TryConsume(body.Token))
        {
            return StytchErrors.MagicLinkNotFound();
        }

        user.MarkEmailVerified();
        var issued = logins.Issue(plan, user, AuthFactor.MagicLink(user, clock.GetUtcNow()), http);
        return TypedResults.Json(
            new MagicLinkAuthenticateResponse(
                StytchIds.RequestId(), 200, user.UserId, user.EmailId, issued.SessionToken, issued.SessionJwt, user.ToView(), ResetSessions: false, issued.Session),
            EmulatorJsonContext.Default.MagicLinkAuthenticateResponse);
    }
}
