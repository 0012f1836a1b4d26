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
    public static IServiceCollection AddAuthFlows(this IServiceCollection services) =>
        services.AddSingleton<OAuthFlowCookie>();

    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Auth").DisableHttpCache();

        group.MapPost("/password", PasswordLogin).RequireCsrf().RequireStytchRateLimit()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesStytchProblems();
        group.MapPost("/magic-link", SendMagicLink).RequireCsrf().RequireStytchRateLimit()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesStytchProblems();
        group.MapLogoutAll();
        group.MapGet("/oauth/{provider}", StartOAuth).Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/callback", Callback).RequireStytchRateLimit().Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesStytchProblems();
        group.MapPost("/logout", Logout).RequireCsrf().RequireAuthorization().SkipSessionRefresh().RequireStytchRateLimit();
        return group;
    }

    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> PasswordLogin(
        PasswordLoginRequest request, StytchClient stytch, IOptions<StytchOptions> options, HttpContext context, CancellationToken ct)
    {
        var result = await stytch.AuthenticatePasswordAsync(request.Email, request.Password, options.Value.SessionDurationMinutes, ct);
        if (result.Value is not { } login)
        {
            return StytchProblems.ToResult(result.Failure!, StytchCallKind.Login, context);
        }

        var session = await SessionCookie.StartAsync(context, login);
        return TypedResults.Ok(MeResponse.From(session));
    }

    public static async Task<Results<Accepted<StytchAck>, ProblemHttpResult>> SendMagicLink(
        MagicLinkRequest request, StytchClient stytch, IOptions<BffOptions> bff, HttpContext context, CancellationToken ct)
    {
        if (request.ReturnUrl is not null && !ReturnUrl.IsLocal(request.ReturnUrl))
        {
            return BffProblems.Result(StatusCodes.Status400BadRequest, "invalid_return_url", "return_url must be a local path such as /settings.");
        }

        var callback = CallbackUrl(bff.Value, request.ReturnUrl);
        var result = await stytch.SendMagicLinkAsync(request.Email, callback, ct);
        // Sending a link carries no user secret: a 401 from Stytch here is about the BFF's own credentials (502).
        return result.Value is { } sent
            ? TypedResults.Accepted((string?)null, new StytchAck(StatusCodes.Status202Accepted, sent.RequestId))
            : StytchProblems.ToResult(result.Failure!, StytchCallKind.ProjectCredentials, context);
    }

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
        var start = new Uri(stytch.Value.EffectiveBaseUrl, $"v1/public/oauth/{provider}/start").AbsoluteUri
            + $"?public_token={Uri.EscapeDataString(stytch.Value.PublicToken)}"
            + $"&login_redirect_url={Uri.EscapeDataString(redirect)}"
            + $"&signup_redirect_url={Uri.EscapeDataString(redirect)}"
            + $"&code_challenge={challenge}";
        return TypedResults.Redirect(start);
    }

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> Callback(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "stytch_token_type")] string? tokenType,
        string? token,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "return_url")] string? returnUrl,
        StytchClient stytch,
        IOptions<StytchOptions> options,
        OAuthFlowCookie flows,
        HttpContext context,
        CancellationToken ct)
    {
        if (!IsToken(token))
        {
            return BffProblems.Result(StatusCodes.Status400BadRequest, "invalid_token", "The login link is incomplete or malformed.");
        }

        StytchResult<StytchLogin> result;
        string target;
        switch (tokenType)
        {
            case "magic_links":
                target = ReturnUrl.LocalOrRoot(returnUrl);
                result = await stytch.AuthenticateMagicLinkAsync(token!, options.Value.SessionDurationMinutes, ct);
                break;
            case "oauth":
                if (flows.Take(context) is not { } flow)
                {
                    return BffProblems.Result(StatusCodes.Status400BadRequest, "oauth_flow_not_found",
                        "This OAuth login was not started in this browser, or it took too long. Start again.");
                }

                target = ReturnUrl.LocalOrRoot(flow.ReturnUrl);
                result = await stytch.AuthenticateOAuthAsync(token!, flow.CodeVerifier, options.Value.SessionDurationMinutes, ct);
                break;
            default:
                return BffProblems.Result(StatusCodes.Status400BadRequest, "invalid_token_type", "stytch_token_type must be magic_links or oauth.");
        }

        if (result.Value is { } login)
        {
            await SessionCookie.StartAsync(context, login);
            return TypedResults.Redirect(target);
        }

        var failure = result.Failure!;
        if (AcceptsHtml(context.Request))
        {
            // A person followed a link: send them back to the SPA, which shows the error.
            return TypedResults.Redirect($"/?auth_error={Uri.EscapeDataString(failure.ErrorType ?? "login_failed")}");
        }

        return StytchProblems.ToResult(failure, StytchCallKind.Login, context);
    }

    public static async Task<Ok<StytchAck>> Logout(BffSession session, StytchClient stytch, ILoggerFactory loggers, HttpContext context, CancellationToken ct)
    {
        var result = await stytch.RevokeSessionAsync(session.SessionId, ct);
        if (result.Failure is { } failure && !failure.Is("session_not_found"))
        {
            AuthLog.StytchRevokeFailed(loggers.CreateLogger("Bff.Auth"), session.UserId.Value, failure.ErrorType ?? failure.Kind.ToString(), failure.RequestId);
        }

        // The local session ends whatever Stytch said: the user asked to log out.
        await SessionCookie.EndAsync(context);
        return TypedResults.Ok(new StytchAck(StatusCodes.Status200OK, result.Value?.RequestId ?? result.Failure?.RequestId));
    }

    internal static Uri CallbackUrl(BffOptions bff, string? returnUrl)
    {
        var origin = bff.PublicOrigin ?? throw new InvalidOperationException("Bff:PublicOrigin is not set.");
        var path = returnUrl is null or "/" ? "auth/callback" : $"auth/callback?return_url={Uri.EscapeDataString(returnUrl)}";
        return new Uri(origin, path);
    }

    private static bool IsProviderName(string provider) =>
        provider.Length is >= 2 and <= 32 && char.IsAsciiLetterLower(provider[0])
        && provider.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    private static bool IsToken(string? token) =>
        token is { Length: >= 8 and <= 512 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '=' or '.');

    private static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
}
