using Bff.Hosting;
using Bff.Me;
using Bff.RateLimiting;
using Bff.Security;
using Bff.Sessions;
using Bff.Stytch;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bff.Auth;

/// <summary>Login through Stytch (password, magic link, OAuth) and logout.</summary>
public static class AuthEndpoints
{
    public static IServiceCollection AddAuthFlows(this IServiceCollection services)
    {
        services.AddSingleton<OAuthFlowCookie>();
        services.AddOptions<MagicLinkOptions>().BindConfiguration(MagicLinkOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MagicLinkOptions>, MagicLinkOptionsValidator>();
        services.AddSingleton<MagicLinkFlowCookie>();
        services.AddSingleton<PreviousSessionRevoker>();
        services.AddSingleton<LoginSession>();
        services.AddHostedService(sp => sp.GetRequiredService<PreviousSessionRevoker>());
        return services;
    }

    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Auth").DisableHttpCache();

        // Logins end the session the browser had, so they never wait for (or fail on) its freshness check, and are
        // limited per client address and target email whatever session they carry (a login starts a new one).
        group.MapPost("/password", PasswordLogin).RequireCsrf().SkipSessionRefresh().RequireLoginRateLimit(LoginEmailBudget.Password)
            .DescribeJsonBody("The body must be one JSON object: email (a string) and password (a string).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesStytchProblems();
        group.MapPost("/magic-link", SendMagicLink).RequireCsrf().SkipSessionRefresh().RequireLoginRateLimit(LoginEmailBudget.MagicLink)
            .DescribeJsonBody("The body must be one JSON object: email (a string) and, optionally, return_url (a local path, a string).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesStytchProblems();
        group.MapLogoutAll();
        group.MapGet("/oauth/{provider}", StartOAuth).Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/callback", Callback).SkipSessionRefresh().RequireLoginRateLimit().Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesStytchProblems();
        group.MapPost("/logout", Logout).RequireCsrf().RequireAuthorization().SkipSessionRefresh().RequireStytchRateLimit();
        return group;
    }

    /// <summary>The one answer to a wrong password and to an unknown email, so the login does not tell which addresses have accounts.</summary>
    public const string FailedPasswordLoginMessage = "The email address or password is not correct.";

    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult, StytchProblemResult>> PasswordLogin(
        PasswordLoginRequest request, [AsParameters] LoginServices services, HttpContext context, CancellationToken ct)
    {
        var result = await services.Stytch.AuthenticatePasswordAsync(request.Email, request.Password, services.StytchOptions.Value.SessionDurationMinutes, ct);
        if (result.Value is not { } login)
        {
            var failure = result.Failure!;
            return IsWrongEmailOrPassword(failure)
                ? TypedResults.Problem(BffProblems.Create(StatusCodes.Status401Unauthorized, "unauthorized_credentials", FailedPasswordLoginMessage, failure.RequestId))
                : services.Problems.ToResult(failure, StytchCallKind.Login);
        }

        var session = await services.Sessions.StartAsync(context, login);
        return TypedResults.Ok(MeResponse.From(session));
    }

    /// <summary>What a password login uses, bound with <c>[AsParameters]</c>.</summary>
    public readonly record struct LoginServices(
        StytchClient Stytch, IOptions<StytchOptions> StytchOptions, LoginSession Sessions, StytchProblems Problems);

    /// <summary>
    /// Sends a magic link. Unless <see cref="MagicLinkOptions.AllowCrossDevice"/>, the link is tied to this browser with
    /// Stytch's magic-link PKCE: the challenge goes to Stytch, the verifier and the return URL stay in an HttpOnly flow
    /// cookie, and the link names only the flow. 202 for every address (whether it has an account is not told).
    /// </summary>
    public static async Task<Results<Accepted<StytchAck>, ProblemHttpResult, StytchProblemResult>> SendMagicLink(
        MagicLinkRequest request, [AsParameters] MagicLinkServices services, HttpContext context, CancellationToken ct)
    {
        if (request.ReturnUrl is not null && !ReturnUrl.IsLocal(request.ReturnUrl))
        {
            return BffProblems.Result(StatusCodes.Status400BadRequest, "invalid_return_url", "return_url must be a local path such as /settings.");
        }

        var options = services.MagicLinkOptions.Value;
        var bff = services.BffOptions.Value;
        var flow = options.AllowCrossDevice ? null : services.Flows.Create(request.ReturnUrl ?? "/");
        var callback = flow is null ? CallbackUrl(bff, request.ReturnUrl) : MagicLinkCallbackUrl(bff, flow.Flow.Id);
        var result = await services.Stytch.SendMagicLinkAsync(request.Email, callback, flow?.CodeChallenge, options.ExpirationMinutes, ct);
        if (result.Value is not { } sent)
        {
            // Sending a link carries no user secret: a 401 from Stytch here is about the BFF's own credentials (502).
            return services.Problems.ToResult(result.Failure!, StytchCallKind.ProjectCredentials);
        }

        if (flow is not null)
        {
            services.Flows.Save(context, flow.Flow);
        }

        return TypedResults.Accepted((string?)null, new StytchAck(StatusCodes.Status202Accepted, sent.RequestId));
    }

    /// <summary>What sending a magic link uses, bound with <c>[AsParameters]</c>.</summary>
    public readonly record struct MagicLinkServices(
        StytchClient Stytch, IOptions<BffOptions> BffOptions, IOptions<MagicLinkOptions> MagicLinkOptions, MagicLinkFlowCookie Flows, StytchProblems Problems);

    public static Results<RedirectHttpResult, ProblemHttpResult> StartOAuth(
        string provider,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "return_url")] string? returnUrl,
        IOptions<StytchOptions> stytch, IOptions<BffOptions> bff, OAuthFlowCookie flows, HttpContext context, CancellationToken ct)
    {
        if (!IsProviderName(provider))
        {
            return BffProblems.Result(StatusCodes.Status400BadRequest, "invalid_oauth_provider", "The OAuth provider name is not valid.");
        }

        if (!OAuthProviders.Known.Contains(provider))
        {
            return BffProblems.Result(StatusCodes.Status404NotFound, "unknown_oauth_provider", $"Stytch has no OAuth provider '{provider}'.");
        }

        if (returnUrl is not null && !ReturnUrl.IsLocal(returnUrl))
        {
            return BffProblems.Result(StatusCodes.Status400BadRequest, "invalid_return_url", "return_url must be a local path such as /settings.");
        }

        if (string.IsNullOrEmpty(stytch.Value.PublicToken))
        {
            return BffProblems.Result(StatusCodes.Status404NotFound, "oauth_not_configured", "OAuth login is not configured: set Stytch:PublicToken.");
        }

        var challenge = flows.Start(context, returnUrl ?? "/");
        var redirect = CallbackUrl(bff.Value, null).AbsoluteUri;
        var start = new Uri(stytch.Value.EffectiveBrowserBaseUrl, $"v1/public/oauth/{provider}/start").AbsoluteUri
            + $"?public_token={Uri.EscapeDataString(stytch.Value.PublicToken)}"
            + $"&login_redirect_url={Uri.EscapeDataString(redirect)}"
            + $"&signup_redirect_url={Uri.EscapeDataString(redirect)}"
            + $"&code_challenge={challenge}";
        return TypedResults.Redirect(start);
    }

    /// <summary>The error_type (and SPA <c>?auth_error=</c>) of a magic link this browser did not ask for.</summary>
    public const string MagicLinkOtherBrowser = "magic_link_other_browser";

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult, StytchProblemResult>> Callback(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "stytch_token_type")] string? tokenType,
        string? token,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "return_url")] string? returnUrl,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "flow")] string? flow,
        [AsParameters] CallbackServices services,
        HttpContext context,
        CancellationToken ct)
    {
        if (!IsToken(token))
        {
            return BffProblems.Result(StatusCodes.Status400BadRequest, "invalid_token", "The login link is incomplete or malformed.");
        }

        var minutes = services.StytchOptions.Value.SessionDurationMinutes;
        StytchResult<StytchLogin> result;
        string target;
        switch (tokenType)
        {
            case "magic_links":
                // A link sent by this BFF names its flow; only the browser that asked for it holds the flow's verifier.
                // Without it the link is refused before Stytch is called, so its token still works where it belongs.
                MagicLinkFlowCookie.Flow? magicLink = null;
                if (flow is not null || !services.MagicLinkOptions.Value.AllowCrossDevice)
                {
                    magicLink = services.MagicLinkFlows.Find(context, flow);
                    if (magicLink is null)
                    {
                        return AcceptsHtml(context.Request)
                            ? TypedResults.Redirect($"/?auth_error={MagicLinkOtherBrowser}")
                            : BffProblems.Result(StatusCodes.Status400BadRequest, MagicLinkOtherBrowser, MagicLinkOtherBrowserMessage);
                    }
                }

                target = ReturnUrl.LocalOrRoot(magicLink?.ReturnUrl ?? returnUrl);
                result = await services.Stytch.AuthenticateMagicLinkAsync(token!, magicLink?.CodeVerifier, minutes, ct);
                if (magicLink is not null && (result.Succeeded || IsFinal(result.Failure!)))
                {
                    services.MagicLinkFlows.End(context, magicLink);
                }

                break;
            case "oauth":
                if (services.OAuthFlows.Take(context) is not { } oauth)
                {
                    return BffProblems.Result(StatusCodes.Status400BadRequest, "oauth_flow_not_found",
                        "This OAuth login was not started in this browser, or it took too long. Start again.");
                }

                target = ReturnUrl.LocalOrRoot(oauth.ReturnUrl);
                result = await services.Stytch.AuthenticateOAuthAsync(token!, oauth.CodeVerifier, minutes, ct);
                break;
            default:
                return BffProblems.Result(StatusCodes.Status400BadRequest, "invalid_token_type", "stytch_token_type must be magic_links or oauth.");
        }

        if (result.Value is { } login)
        {
            await services.Sessions.StartAsync(context, login);
            return TypedResults.Redirect(target);
        }

        var failure = result.Failure!;
        if (AcceptsHtml(context.Request))
        {
            // A person followed a link: send them back to the SPA, which shows the error.
            return TypedResults.Redirect($"/?auth_error={Uri.EscapeDataString(failure.ErrorType ?? "login_failed")}");
        }

        return services.Problems.ToResult(failure, StytchCallKind.Login);
    }

    /// <summary>What the login callback uses, bound with <c>[AsParameters]</c>.</summary>
    public readonly record struct CallbackServices(
        StytchClient Stytch,
        IOptions<StytchOptions> StytchOptions,
        OAuthFlowCookie OAuthFlows,
        MagicLinkFlowCookie MagicLinkFlows,
        IOptions<MagicLinkOptions> MagicLinkOptions,
        LoginSession Sessions,
        StytchProblems Problems);

    public static async Task<Ok<StytchAck>> Logout(
        BffSession session, StytchClient stytch, SessionCookie sessions, ILoggerFactory loggers, HttpContext context, CancellationToken ct)
    {
        var result = await stytch.RevokeSessionAsync(session.SessionId, ct);
        if (result.Failure is { } failure && !failure.Is("session_not_found"))
        {
            AuthLog.StytchRevokeFailed(loggers.CreateLogger("Bff.Auth"), session.UserId.Value, failure.ErrorType ?? failure.Kind.ToString(), failure.RequestId);
        }

        // The local session ends whatever Stytch said: the user asked to log out.
        await sessions.EndAsync(context);
        return TypedResults.Ok(new StytchAck(StatusCodes.Status200OK, result.Value?.RequestId ?? result.Failure?.RequestId));
    }

    /// <summary>The link Stytch emails for a flow of this browser: it names the flow only (the return URL stays in the cookie).</summary>
    internal static Uri MagicLinkCallbackUrl(BffOptions bff, string flowId)
    {
        var origin = bff.PublicOrigin ?? throw new InvalidOperationException("Bff:PublicOrigin is not set.");
        return new Uri(origin, $"auth/callback?flow={flowId}");
    }

    internal static Uri CallbackUrl(BffOptions bff, string? returnUrl)
    {
        var origin = bff.PublicOrigin ?? throw new InvalidOperationException("Bff:PublicOrigin is not set.");
        var path = returnUrl is null or "/" ? "auth/callback" : $"auth/callback?return_url={Uri.EscapeDataString(returnUrl)}";
        return new Uri(origin, path);
    }

    /// <summary>
    /// A magic link without a flow of this browser: opened in another browser or device (or an attacker's own link sent
    /// to a victim), used already, or older than its flow. A person is sent to the SPA, which says where to open it.
    /// </summary>
    private const string MagicLinkOtherBrowserMessage =
        "This login link was not requested in this browser, or it was used already or has expired. Open it in the browser where you asked for it, or ask for a new link.";

    /// <summary>Stytch refused the token for good (used, expired, wrong verifier): its flow is of no further use. Not after an outage.</summary>
    private static bool IsFinal(StytchFailure failure) =>
        failure.Kind == StytchFailureKind.ApiError && failure.StatusCode is >= 400 and < 500 and not StatusCodes.Status429TooManyRequests;

    /// <summary>
    /// Stytch's answers to a wrong password and to an unknown email (<c>email_not_found</c>): the SPA gets one identical
    /// problem for both; Stytch's request_id in it leads support to Stytch's own record of which it was.
    /// </summary>
    private static bool IsWrongEmailOrPassword(StytchFailure failure) =>
        failure.Kind == StytchFailureKind.ApiError && (failure.Is("unauthorized_credentials") || failure.Is("email_not_found"));

    private static bool IsProviderName(string provider) =>
        provider.Length is >= 2 and <= 32 && char.IsAsciiLetterLower(provider[0])
        && provider.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    private static bool IsToken(string? token) =>
        token is { Length: >= 8 and <= 512 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '=' or '.');

    private static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
}
