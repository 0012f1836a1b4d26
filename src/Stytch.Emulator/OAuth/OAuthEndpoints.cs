using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.MagicLinks;
using Stytch.Emulator.Passwords;
using Stytch.Emulator.Sessions;
using Stytch.Emulator.State;

namespace Stytch.Emulator.OAuth;

/// <summary>
/// OAuth: the browser-facing start route (answers the simulated provider page), the page's continue route, and
/// <c>POST /v1/oauth/authenticate</c>.
/// </summary>
internal static class OAuthEndpoints
{
    private static readonly TimeSpan FlowLifetime = TimeSpan.FromMinutes(10);

    public static IEndpointRouteBuilder MapOAuth(this IEndpointRouteBuilder app)
    {
        // A browser redirect: no Basic credentials, the public token is in the query string.
        app.MapGet("/v1/public/oauth/{provider}/start", Start).WithPublicOperation(EmulatorOperations.OAuthStart);
        app.MapMethods(ProviderPage.ContinuePath, [HttpMethods.Get, HttpMethods.Post], Continue).WithPublicOperation(EmulatorOperations.OAuthContinue);
        app.MapPost("/v1/oauth/authenticate", Authenticate).WithOperation(EmulatorOperations.OAuthAuthenticate);
        return app;
    }

    public static Results<ContentHttpResult, JsonHttpResult<StytchError>> Start(
        string provider,
        [AsParameters] OAuthStartQuery query,
        [AsParameters] OAuthServices services)
    {
        if (OAuthProvider.Find(provider) is not { } known)
        {
            return StytchErrors.RouteNotFound();
        }

        if (!string.Equals(query.PublicToken, services.Options.PublicToken, StringComparison.Ordinal))
        {
            return StytchErrors.Unauthorized();
        }

        var login = string.IsNullOrEmpty(query.LoginRedirectUrl) ? services.Options.DefaultRedirectUrl : query.LoginRedirectUrl;
        if (!RedirectUrls.TryParse(login, out var loginRedirect))
        {
            return StytchErrors.InvalidRedirectUrl();
        }

        Uri? signupRedirect = null;
        if (!string.IsNullOrEmpty(query.SignupRedirectUrl) && !RedirectUrls.TryParse(query.SignupRedirectUrl, out signupRedirect))
        {
            return StytchErrors.InvalidRedirectUrl();
        }

        var state = StytchIds.Secret(24);
        services.Flows.Add(state, new PendingOAuthFlow(known, loginRedirect, signupRedirect, SessionArguments.Present(query.CodeChallenge)), FlowLifetime);
        var email = services.Options.Users.FirstOrDefault()?.Email ?? "";
        return TypedResults.Content(ProviderPage.Render(known.ProviderType, state, email), "text/html; charset=utf-8");
    }

    public static async Task<Results<RedirectHttpResult, JsonHttpResult<StytchError>>> Continue(
        HttpContext http, [AsParameters] OAuthServices services, CancellationToken ct)
    {
        var values = HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType
            ? (IEnumerable<KeyValuePair<string, StringValues>>)await http.Request.ReadFormAsync(ct)
            : http.Request.Query;
        var fields = values.ToDictionary(v => v.Key, v => v.Value.ToString(), StringComparer.Ordinal);
        var state = fields.GetValueOrDefault("state") ?? "";
        var email = (fields.GetValueOrDefault("email") ?? "").Trim();
        var flow = services.Flows.Peek(state);
        if (flow.State != TokenState.Valid)
        {
            return StytchErrors.Create(404, "oauth_flow_not_found", "This sign-in page has expired or was already used; start again.");
        }

        if (!EmailAddresses.IsValid(email))
        {
            return StytchErrors.InvalidEmail();
        }

        if (!services.Flows.TryConsume(state))
        {
            return StytchErrors.Create(404, "oauth_flow_not_found", "This sign-in page has expired or was already used; start again.");
        }

        var pending = flow.Value!;
        var (user, created) = services.Users.GetOrCreate(email);
        user.MarkEmailVerified();
        var registration = user.RegistrationFor(pending.Provider);
        var token = StytchIds.LoginToken();
        services.Logins.Add(token, new PendingOAuthLogin(user.UserId, registration, pending.CodeChallenge), FlowLifetime);
        OAuthLog.ProviderContinued(services.Logger, pending.Provider.ProviderType, user.Email, user.UserId, created);
        var target = created && pending.SignupRedirect is not null ? pending.SignupRedirect : pending.LoginRedirect;
        return TypedResults.Redirect(RedirectUrls.WithToken(target, "oauth", token).AbsoluteUri);
    }

    public static Results<JsonHttpResult<OAuthAuthenticateResponse>, JsonHttpResult<StytchError>> Authenticate(
        HttpContext http, [AsParameters] OAuthServices services)
    {
        var body = RequestJson.Read(http, EmulatorJsonContext.Default.OAuthAuthenticateRequest);
        if (string.IsNullOrEmpty(body.Token))
        {
            return StytchErrors.MissingField("token");
        }

        // Unknown, used and expired tokens all answer oauth_token_not_found (UNCONFIRMED; see README).
        var lookup = services.Logins.Peek(body.Token);
        if (lookup.State != TokenState.Valid || services.Users.Find(lookup.Value!.UserId) is not { } user)
        {
            return StytchErrors.OAuthTokenNotFound();
        }

        // A failed PKCE check leaves the token usable (UNCONFIRMED).
        var pending = lookup.Value;
        if (!Pkce.Matches(pending.CodeChallenge, SessionArguments.Present(body.CodeVerifier)))
        {
            return StytchErrors.PkceMismatch();
        }

        var plan = services.Sessions.Resolve(
            new SessionArguments(body.SessionDurationMinutes, body.SessionToken, body.SessionJwt, body.SessionCustomClaims), user.UserId);
        if (plan.Error is not null)
        {
            return plan.Error;
        }

        if (!services.Logins.TryConsume(body.Token))
        {
            return StytchErrors.OAuthTokenNotFound();
        }

        var now = services.Clock.GetUtcNow();
        var issued = services.Sessions.Issue(plan, user, AuthFactor.OAuth(user, pending.Registration.Provider, pending.Registration, now), http);
        var providerValues = new ProviderValuesView(
            "emulator-access-" + StytchIds.Secret(24), "", "", ["openid", "email", "profile"], Rfc3339.Format(now.AddHours(1)));
        return TypedResults.Json(
            new OAuthAuthenticateResponse(
                StytchIds.RequestId(),
                200,
                user.UserId,
                pending.Registration.ProviderSubject,
                pending.Registration.Provider.ProviderType,
                issued.SessionToken,
                issued.SessionJwt,
                providerValues,
                user.ToView(),
                ResetSessions: false,
                pending.Registration.RegistrationId,
                issued.Session),
            EmulatorJsonContext.Default.OAuthAuthenticateResponse);
    }
}
