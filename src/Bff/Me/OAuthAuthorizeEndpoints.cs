using Bff.Hosting;
using Bff.RateLimiting;
using Bff.Sessions;
using Bff.Stytch;
using Bff.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Bff.Me;

/// <summary>
/// The consent page's two calls, in place of the React SDK's <c>&lt;IdentityProvider /&gt;</c> (which needs a
/// browser-side Stytch session): the preflight and the submit of a Connected App's authorization request, for the
/// session's user, with the session's Stytch token. The page sends the browser to the <c>redirect_uri</c> Stytch
/// returned, and to no other (OAuth 2.0 §4.1.2.1).
/// </summary>
public static partial class OAuthAuthorizeEndpoints
{
    /// <summary>Maps <c>/me/oauth/authorize/start</c> and <c>/me/oauth/authorize</c> under the <c>/me</c> group (CSRF, session).</summary>
    public static RouteGroupBuilder MapOAuthAuthorize(this RouteGroupBuilder me)
    {
        var oauth = me.MapGroup("/oauth")
            .RequireStytchRateLimit()
            .WithMetadata(new RequestSizeLimitAttribute(OAuthRequestRules.MaxBodyBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

        oauth.MapPost("/authorize/start", AuthorizeStart)
            .DescribeJsonBody(BodyMustBe("client_id, redirect_uri, response_type, scope, prompt (strings)"))
            .WithName("OAuthAuthorizeStart")
            .WithSummary("Preflight of a Connected App's authorization request: the client, whether consent is needed, the scopes.");
        oauth.MapPost("/authorize", Authorize)
            .DescribeJsonBody(BodyMustBe(
                "client_id, redirect_uri, response_type, scope, prompt, state, nonce, code_challenge, code_challenge_method (strings), resource (an array of strings), consent_granted (true or false)"))
            .WithName("OAuthAuthorize")
            .WithSummary("Submits the user's answer; returns the redirect_uri (from Stytch) to send the browser to.");
        return oauth;
    }

    public static async Task<Results<Ok<AuthorizeStartResponse>, ProblemHttpResult, StytchProblemResult>> AuthorizeStart(
        AuthorizeStartRequest request, BffSession session, [AsParameters] ConsentServices services, HttpContext context, CancellationToken ct)
    {
        var result = await services.Stytch.AuthorizeStartAsync(request.ToStytch(session.SessionToken), ct);
        if (result.Value is { } start)
        {
            return TypedResults.Ok(new AuthorizeStartResponse(StatusCodes.Status200OK, start.RequestId, start.Client, start.ConsentRequired, start.ScopeResults));
        }

        return await FailAsync<AuthorizeStartResponse>(result.Failure!, session, services, context);
    }

    public static async Task<Results<Ok<AuthorizeResponse>, ProblemHttpResult, StytchProblemResult>> Authorize(
        AuthorizeRequest request, BffSession session, [AsParameters] ConsentServices services, HttpContext context, CancellationToken ct)
    {
        var (stytch, metrics, loggers, _, _) = services;
        var body = request.ToStytch(session.SessionToken);
        var scopes = string.Join(' ', body.Scopes);
        var audit = loggers.CreateLogger(AuditLog.Category);
        var result = await stytch.AuthorizeAsync(body, ct);
        var failure = result.Failure;
        if (result.Value is { } ok)
        {
            if (!IsBrowserRedirect(ok.RedirectUri))
            {
                // The page navigates to this URL: anything but http(s) (a javascript: URL) would run in the BFF's origin.
                failure = new StytchFailure(StytchFailureKind.InvalidResponse, StatusCodes.Status200OK, ok.RequestId,
                    ErrorMessage: "Stytch answered with a redirect_uri that is not an absolute http(s) URL.");
            }
            else
            {
                if (HasAuthorizationCode(ok))
                {
                    ConnectedAppAudit.Authorized(audit, session.UserId.Value, body.ClientId, scopes, ok.RequestId);
                    metrics.ConnectedAppAuthorized(granted: true);
                }
                else
                {
                    // No code: the redirect carries an OAuth error for the client (access_denied when the user said no).
                    var error = OAuthError(ok.RedirectUri);
                    if (body.ConsentGranted)
                    {
                        ConnectedAppAudit.AuthorizeFailed(audit, session.UserId.Value, body.ClientId, scopes, error ?? "no_authorization_code", ok.RequestId);
                        metrics.ConnectedAppAuthorizationFailed(new StytchFailure(StytchFailureKind.ApiError, StatusCodes.Status200OK, ok.RequestId, error ?? "no_authorization_code"));
                    }
                    else
                    {
                        ConnectedAppAudit.ConsentDenied(audit, session.UserId.Value, body.ClientId, scopes, error ?? "denied", ok.RequestId);
                        metrics.ConnectedAppAuthorized(granted: false);
                    }
                }

                return TypedResults.Ok(new AuthorizeResponse(StatusCodes.Status200OK, ok.RequestId, ok.RedirectUri));
            }
        }

        ConnectedAppAudit.AuthorizeFailed(audit, session.UserId.Value, body.ClientId, scopes, failure!.ErrorType ?? failure.Kind.ToString(), failure.RequestId);
        metrics.ConnectedAppAuthorizationFailed(failure);
        return await FailAsync<AuthorizeResponse>(failure, session, services, context);
    }

    /// <summary>What the consent endpoints use, bound with <c>[AsParameters]</c>.</summary>
    public readonly record struct ConsentServices(
        StytchClient Stytch, BffMetrics Metrics, ILoggerFactory Loggers, SessionCookie Sessions, StytchProblems Problems);

    private static string BodyMustBe(string fields) =>
        $"The body must be one JSON object with only these fields, each of its JSON type: {fields}. "
        + "Any other field is refused (user_id, session_token or session_jwt too: the user is always the session's).";

    /// <summary>A session Stytch no longer knows ends here too (401), as on every endpoint that uses the session token.</summary>
    private static async Task<Results<Ok<TResponse>, ProblemHttpResult, StytchProblemResult>> FailAsync<TResponse>(
        StytchFailure failure, BffSession session, ConsentServices services, HttpContext context)
    {
        if (failure.Is("session_not_found"))
        {
            var logger = services.Loggers.CreateLogger(typeof(OAuthAuthorizeEndpoints).FullName!);
            Log.SessionEndedAtStytch(logger, session.UserId.Value, failure.RequestId);
            return await services.Sessions.EndedAtStytchAsync(context, failure);
        }

        return services.Problems.ToResult(failure, StytchCallKind.OAuthAuthorization);
    }

    private static bool IsBrowserRedirect(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && url.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase)
        && !url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    /// <summary>Stytch's authorization_code, or a <c>code</c> in the redirect's query (the field is optional in the spec).</summary>
    private static bool HasAuthorizationCode(IdpAuthorizeResponse response) =>
        !string.IsNullOrEmpty(response.AuthorizationCode) || !string.IsNullOrEmpty(QueryValue(response.RedirectUri, "code"));

    /// <summary>The OAuth <c>error</c> code in the redirect (e.g. <c>access_denied</c>), when it is a plain error code; nothing else of the query.</summary>
    private static string? OAuthError(string redirectUri) =>
        QueryValue(redirectUri, "error") is { Length: > 0 and <= 64 } error && error.All(c => char.IsAsciiLetterLower(c) || c == '_') ? error : null;

    private static string? QueryValue(string url, string name) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && QueryHelpers.ParseQuery(uri.Query).TryGetValue(name, out var values) && values.Count == 1
            ? values[0]
            : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 3110, EventName = "SessionEndedAtStytchOnAuthorize", Level = LogLevel.Information,
            Message = "Stytch no longer knows the session of user {StytchUserId} (request_id={StytchRequestId}); it is deleted")]
        public static partial void SessionEndedAtStytch(ILogger logger, string stytchUserId, string? stytchRequestId);
    }
}
