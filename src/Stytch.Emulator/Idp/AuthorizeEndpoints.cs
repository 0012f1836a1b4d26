using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.Sessions;
using Stytch.Emulator.State;

namespace Stytch.Emulator.Idp;

/// <summary>
/// The backend half of Stytch's Connected Apps IdP: <c>POST /v1/idp/oauth/authorize/start</c> (the consent page's
/// preflight) and <c>POST /v1/idp/oauth/authorize</c> (the user's decision, answered with the redirect URI to send the
/// browser to, carrying a code or an OAuth error).
/// </summary>
internal static partial class AuthorizeEndpoints
{
    /// <summary>How long an authorization code can be exchanged (UNCONFIRMED; see README).</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    public static RouteGroupBuilder MapIdp(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/idp/oauth");
        group.MapPost("/authorize/start", Start).WithOperation(EmulatorOperations.IdpAuthorizeStart);
        group.MapPost("/authorize", Authorize).WithOperation(EmulatorOperations.IdpAuthorize);
        return group;
    }

    public static Results<JsonHttpResult<AuthorizeStartResponse>, JsonHttpResult<StytchError>> Start(HttpContext http, [AsParameters] IdpServices services)
    {
        var body = RequestJson.Read(http, EmulatorJsonContext.Default.AuthorizeStartRequest);
        var (check, error) = Check(body, services);
        if (error is not null)
        {
            return error;
        }

        var (user, client, _, scopes, _, consentRequired) = check!;
        var results = scopes.Select(s => new ScopeResultView(s, IdpScopes.Describe(s), IdpScopes.IsGrantable(s, client))).ToList();
        return TypedResults.Json(
            new AuthorizeStartResponse(
                StytchIds.RequestId(),
                user.UserId,
                user.ToView(),
                new ConnectedAppPublicView(client.ClientId, client.Name, client.Description, client.ClientType, client.LogoUrl),
                consentRequired,
                results,
                200),
            EmulatorJsonContext.Default.AuthorizeStartResponse);
    }

    /// <summary>
    /// Denied (consent required and not granted): 200 with the redirect URI carrying <c>error=access_denied</c>.
    /// Otherwise the grant is recorded and a single-use code issued: 200 with the redirect URI carrying <c>code</c>
    /// (and <c>state</c>). <c>consent_granted: false</c> when no consent was required is not a denial, as the React
    /// SDK's auto-submit sends exactly that.
    /// </summary>
    public static Results<JsonHttpResult<AuthorizeResponse>, JsonHttpResult<StytchError>> Authorize(HttpContext http, [AsParameters] IdpServices services)
    {
        var body = RequestJson.Read(http, EmulatorJsonContext.Default.AuthorizeRequest);
        if (body.ConsentGranted is not { } consentGranted)
        {
            return StytchErrors.MissingField("consent_granted");
        }

        var (check, error) = Check(body, services);
        if (error is not null)
        {
            return error;
        }

        var (user, client, redirectUri, _, grantable, consentRequired) = check!;
        var challenge = SessionArguments.Present(body.CodeChallenge);
        if (challenge is not null && !CodeChallengePattern().IsMatch(challenge))
        {
            return StytchErrors.InvalidCodeChallenge();
        }

        if (challenge is null && !client.IsConfidential)
        {
            return StytchErrors.PkceRequired();
        }

        var state = SessionArguments.Present(body.State);
        if (consentRequired && !consentGranted)
        {
            IdpLog.ConsentDenied(services.Logger, user.UserId, client.ClientId);
            var denied = WithQuery(redirectUri, ("error", "access_denied"), ("error_description", "The user denied the authorization request."), ("state", state));
            return TypedResults.Json(new AuthorizeResponse(StytchIds.RequestId(), denied, 200, null), EmulatorJsonContext.Default.AuthorizeResponse);
        }

        var epoch = user.Authorize(client, grantable);
        var code = StytchIds.OpaqueToken();
        services.Codes.Add(
            code,
            new AuthorizationCodeGrant(client.ClientId, user.UserId, redirectUri, grantable, SessionArguments.Present(body.Nonce), challenge, epoch),
            CodeLifetime);
        var granted = string.Join(' ', grantable);
        IdpLog.Authorized(services.Logger, user.UserId, client.ClientId, granted, consentRequired);
        return TypedResults.Json(
            new AuthorizeResponse(StytchIds.RequestId(), WithQuery(redirectUri, ("code", code), ("state", state)), 200, code),
            EmulatorJsonContext.Default.AuthorizeResponse);
    }

    /// <summary>
    /// The checks start and authorize share, in order: required fields, exactly one identity argument, the client,
    /// its redirect URI (exact match), <c>response_type=code</c>, <c>prompt</c>, the scopes, then the user.
    /// </summary>
    private static (CheckedAuthorization? Check, JsonHttpResult<StytchError>? Error) Check(AuthorizeStartRequest body, IdpServices services)
    {
        if (SessionArguments.Present(body.ClientId) is not { } clientId)
        {
            return (null, StytchErrors.MissingField("client_id"));
        }

        if (SessionArguments.Present(body.RedirectUri) is not { } redirectUri)
        {
            return (null, StytchErrors.MissingField("redirect_uri"));
        }

        if (SessionArguments.Present(body.ResponseType) is not { } responseType)
        {
            return (null, StytchErrors.MissingField("response_type"));
        }

        if (body.Scopes is not { } requested)
        {
            return (null, StytchErrors.MissingField("scopes"));
        }

        var userId = SessionArguments.Present(body.UserId);
        var token = SessionArguments.Present(body.SessionToken);
        var jwt = SessionArguments.Present(body.SessionJwt);
        if ((userId is null ? 0 : 1) + (token is null ? 0 : 1) + (jwt is null ? 0 : 1) != 1)
        {
            return (null, StytchErrors.UserIdentityArguments());
        }

        if (services.Clients.Find(clientId) is not { } client)
        {
            return (null, StytchErrors.ConnectedAppNotFound());
        }

        if (!client.HasRedirectUrl(redirectUri))
        {
            return (null, StytchErrors.RedirectUrlNotRegistered());
        }

        if (!string.Equals(responseType, "code", StringComparison.Ordinal))
        {
            return (null, StytchErrors.UnsupportedResponseType());
        }

        var prompts = (body.Prompt ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (prompts.Any(p => !string.Equals(p, "consent", StringComparison.Ordinal)))
        {
            return (null, StytchErrors.UnsupportedPrompt());
        }

        var scopes = requested.Distinct(StringComparer.Ordinal).ToList();
        if (scopes.FirstOrDefault(s => !IdpScopes.IsKnown(s)) is { } unknown)
        {
            return (null, StytchErrors.InvalidScopeRequested(unknown));
        }

        var (user, error) = FindUser(userId, token, jwt, services);
        if (error is not null)
        {
            return (null, error);
        }

        var grantable = scopes.Where(s => IdpScopes.IsGrantable(s, client)).ToList();
        var consentRequired = ConsentPolicy.IsRequired(client, user!, grantable, promptConsent: prompts.Length > 0);
        return (new CheckedAuthorization(user!, client, redirectUri, scopes, grantable, consentRequired), null);
    }

    /// <summary>The user behind the one identity argument; <c>external_id</c> is not supported.</summary>
    private static (UserRecord? User, JsonHttpResult<StytchError>? Error) FindUser(string? userId, string? token, string? jwt, IdpServices services)
    {
        if (userId is not null)
        {
            return !StytchIds.IsUserId(userId) ? (null, StytchErrors.InvalidUserId())
                : services.Users.Find(userId) is { } found ? (found, null)
                : (null, StytchErrors.UserNotFound());
        }

        var (session, error) = token is not null ? services.Logins.ByToken(token) : services.Logins.ByJwt(jwt!);
        if (error is not null)
        {
            return (null, error);
        }

        return services.Users.Find(session!.UserId) is { } user ? (user, null) : (null, StytchErrors.SessionNotFound());
    }

    /// <summary>The registered redirect URI with these parameters appended to its query (absent values skipped).</summary>
    private static string WithQuery(string redirectUri, params (string Name, string? Value)[] parameters)
    {
        var text = new StringBuilder(redirectUri);
        var separator = !redirectUri.Contains('?', StringComparison.Ordinal) ? "?" : redirectUri.EndsWith('?') || redirectUri.EndsWith('&') ? "" : "&";
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            text.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = "&";
        }

        return text.ToString();
    }

    /// <summary>S256: base64url (no padding) of a SHA-256 hash is 43 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{43}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeChallengePattern();
}
