using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Sample.ConnectedApp;

/// <summary>
/// The app: <c>GET /</c> (the page), <c>GET /connect</c> (starts the authorization request), <c>GET /callback</c>
/// (the redirect URI: checks state, exchanges the code with the PKCE verifier, asks userinfo who it is),
/// <c>POST /check</c> ("Call again": introspection, userinfo and a local JWT check), <c>POST /disconnect</c>.
/// </summary>
public static class SampleConnectedAppEndpoints
{
    public static IEndpointRouteBuilder MapSampleConnectedApp(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Home);
        app.MapGet("/connect", Connect);
        app.MapGet("/callback", Callback);
        app.MapPost("/check", Check);
        app.MapPost("/disconnect", Disconnect);
        app.MapGet("/sample.css", () => TypedResults.Text(Pages.Css, "text/css; charset=utf-8"));
        return app;
    }

    public static async Task<ContentHttpResult> Home(
        HttpContext context, BrowserStates browsers, ClientRegistrationSlot registration, SampleConnectedAppSettings settings, OAuthClient oauth, CancellationToken ct)
    {
        if (registration.Current is not { } client)
        {
            return NotReady(settings);
        }

        var (document, error) = await oauth.DiscoverAsync();
        var state = browsers.Get(context, create: false);
        return Page(StatusCodes.Status200OK, Pages.Home(new Pages.Model(
            settings, client, ManageAccessUrl(document), error, state?.Connection, state?.LastCheck, state?.TakeNotice())));
    }

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> Connect(
        HttpContext context, BrowserStates browsers, ClientRegistrationSlot registration, SampleConnectedAppSettings settings, OAuthClient oauth, ILogger<OAuthClient> logger, CancellationToken ct)
    {
        if (registration.Current is not { } client)
        {
            return NotReady(settings);
        }

        var (document, error) = await oauth.DiscoverAsync();
        if (document is null)
        {
            return Page(StatusCodes.Status502BadGateway, Pages.Message(settings, "The identity provider could not be reached.", error ?? ""));
        }

        var pending = browsers.Get(context, create: true)!.StartAuthorization();
        SampleLog.AuthorizationStarted(logger, client.ClientId);
        return TypedResults.Redirect(OAuthClient.AuthorizeUrl(document, client, settings.Scope, pending));
    }

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> Callback(
        [FromQuery] string? code,
        [FromQuery] string? state,
        [FromQuery] string? error,
        [FromQuery(Name = "error_description")] string? errorDescription,
        HttpContext context,
        BrowserStates browsers,
        ClientRegistrationSlot registration,
        SampleConnectedAppSettings settings,
        OAuthClient oauth,
        TimeProvider time,
        ILogger<OAuthClient> logger,
        CancellationToken ct)
    {
        if (registration.Current is not { } client)
        {
            return NotReady(settings);
        }

        if (browsers.Get(context, create: false) is not { } browser || browser.TakeAuthorization(state) is not { } pending)
        {
            SampleLog.CallbackRefused(logger, "no matching authorization request (state)");
            return Page(StatusCodes.Status400BadRequest, Pages.Message(settings, "This answer does not belong to a connection started here.",
                "The state does not match the request this browser sent, or it took longer than 10 minutes. Connect again."));
        }

        if (error is not null)
        {
            SampleLog.CallbackRefused(logger, IsErrorCode(error) ? error : "(an unreadable error code)");
            browser.SetNotice(error == "access_denied"
                ? $"You declined to connect {settings.DisplayName}. Nothing was shared with it."
                : $"The connection was refused: {Shorten(error)}{(errorDescription is null ? "" : $" ({Shorten(errorDescription)})")}.");
            return TypedResults.Redirect("/");
        }

        var (document, discoveryError) = await oauth.DiscoverAsync();
        if (document is null || string.IsNullOrEmpty(code))
        {
            browser.SetNotice(document is null ? $"The identity provider could not be reached: {discoveryError}" : "The answer carried no authorization code.");
            return TypedResults.Redirect("/");
        }

        var tokens = await oauth.ExchangeCodeAsync(document, client, code, pending.CodeVerifier, ct);
        if (tokens.IsError || string.IsNullOrEmpty(tokens.AccessToken))
        {
            SampleLog.CodeExchangeFailed(logger, (int)tokens.HttpStatusCode, tokens.Error ?? "no access_token");
            browser.SetNotice($"The authorization code could not be exchanged: {tokens.Error} {tokens.ErrorDescription}".TrimEnd());
            return TypedResults.Redirect("/");
        }

        var userInfo = await oauth.UserInfoAsync(document, tokens.AccessToken, ct);
        if (userInfo.IsError)
        {
            SampleLog.UserInfoFailed(logger, (int)userInfo.HttpStatusCode, userInfo.Error ?? "");
            browser.SetNotice($"Connected, but userinfo failed: {userInfo.Error}");
        }

        var user = userInfo.IsError ? new ConnectedUser("", null, null) : OAuthClient.UserFrom(userInfo.Claims);
        var now = time.GetUtcNow();
        browser.Connect(new Connection(
            tokens.AccessToken, tokens.RefreshToken, tokens.Scope ?? settings.Scope,
            tokens.ExpiresIn > 0 ? now.AddSeconds(tokens.ExpiresIn) : null, user, now));
        SampleLog.Connected(logger, client.ClientId, user.Subject);
        return TypedResults.Redirect("/");
    }

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> Check(
        HttpContext context, BrowserStates browsers, ClientRegistrationSlot registration, SampleConnectedAppSettings settings, OAuthClient oauth, TimeProvider time, ILogger<OAuthClient> logger, CancellationToken ct)
    {
        if (registration.Current is not { } client)
        {
            return NotReady(settings);
        }

        if (!IsSameOrigin(context.Request))
        {
            return Page(StatusCodes.Status403Forbidden, Pages.Message(settings, "Refused.", "This form may only be sent from this app's own page."));
        }

        if (browsers.Get(context, create: false) is not { Connection: { } connection } browser)
        {
            return TypedResults.Redirect("/");
        }

        var result = await CheckAccessAsync(oauth, client, connection, time, ct);
        browser.RecordCheck(connection, result);
        SampleLog.Checked(logger, client.ClientId, result.Verdict);
        return TypedResults.Redirect("/");
    }

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> Disconnect(
        HttpContext context, BrowserStates browsers, ClientRegistrationSlot registration, SampleConnectedAppSettings settings, OAuthClient oauth, CancellationToken ct)
    {
        if (registration.Current is not { } client)
        {
            return NotReady(settings);
        }

        if (!IsSameOrigin(context.Request))
        {
            return Page(StatusCodes.Status403Forbidden, Pages.Message(settings, "Refused.", "This form may only be sent from this app's own page."));
        }

        if (browsers.Get(context, create: false) is not { } browser || browser.Disconnect() is not { } connection)
        {
            return TypedResults.Redirect("/");
        }

        var (document, _) = await oauth.DiscoverAsync();
        var revoked = document is not null && !(await oauth.RevokeAsync(document, client, connection.AccessToken, ct)).IsError;
        browser.SetNotice(revoked
            ? "Disconnected: this app gave its token back and forgot it."
            : "Disconnected: this app forgot its token (giving it back to the identity provider failed).");
        return TypedResults.Redirect("/");
    }

    /// <summary>
    /// Introspection (the identity provider's word, which sees a revoke at once), userinfo (a real call with the token)
    /// and a local JWT check (what a resource server that only verifies signatures sees), side by side.
    /// </summary>
    internal static async Task<CheckResult> CheckAccessAsync(OAuthClient oauth, ClientRegistration client, Connection connection, TimeProvider time, CancellationToken ct)
    {
        var (document, error) = await oauth.DiscoverAsync();
        if (document is null)
        {
            var unreachable = $"the identity provider could not be reached ({error})";
            return new CheckResult(AccessVerdict.Unknown, time.GetUtcNow(), unreachable, unreachable, new LocalVerification(false, null, "no signing keys"), null);
        }

        var introspectionTask = oauth.IntrospectAsync(document, client, connection.AccessToken, ct);
        var userInfoTask = oauth.UserInfoAsync(document, connection.AccessToken, ct);
        var local = await oauth.VerifyLocallyAsync(document, client, connection.AccessToken);
        var introspection = await introspectionTask;
        var userInfo = await userInfoTask;

        bool? active = introspection.IsError ? null : introspection.IsActive;
        var userInfoRefused = userInfo.HttpStatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden;
        var verdict = active == false || userInfoRefused ? AccessVerdict.Revoked
            : active == true && !userInfo.IsError ? AccessVerdict.Works
            : AccessVerdict.Unknown;

        var introspectionText = active switch
        {
            true => "the token is active",
            false => "the token is no longer active",
            null => $"failed ({Describe(introspection)})",
        };
        var user = userInfo.IsError ? null : OAuthClient.UserFrom(userInfo.Claims);
        var userInfoText = userInfo.IsError
            ? $"refused the token ({Describe(userInfo)})"
            : $"HTTP 200, you are {user!.Email ?? user.Subject}";
        return new CheckResult(verdict, time.GetUtcNow(), introspectionText, userInfoText, local, user);
    }

    /// <summary>OAuth error codes are short ASCII words (RFC 6749 §4.1.2.1); anything else is not logged as it came.</summary>
    private static bool IsErrorCode(string value) => value.Length <= 64 && value.All(c => char.IsAsciiLetterLower(c) || c == '_');

    private static string Shorten(string value) => value.Length <= 300 ? value : value[..300] + "…";

    /// <summary>The status and the OAuth error code of the body (<c>invalid_token</c>), else the library's error text.</summary>
    private static string Describe(ProtocolResponse response)
    {
        if (response.HttpStatusCode == 0)
        {
            return response.Error ?? "no answer";
        }

        var error = response.TryGet("error") is { } code && IsErrorCode(code) ? code : response.Error;
        return $"HTTP {(int)response.HttpStatusCode}{(string.IsNullOrEmpty(error) ? "" : $": {error}")}";
    }

    /// <summary>The BFF's site, where the user manages this app's access: the origin of the authorization endpoint.</summary>
    private static Uri? ManageAccessUrl(DiscoveryDocumentResponse? document) =>
        Uri.TryCreate(document?.AuthorizeEndpoint, UriKind.Absolute, out var authorize) && authorize.Scheme is "https" or "http"
            ? new Uri(authorize.GetLeftPart(UriPartial.Authority) + "/")
            : null;

    /// <summary>A POST from another site carries no cookie (SameSite=Lax) and, to be sure, is refused by its Origin.</summary>
    private static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return string.IsNullOrEmpty(origin) || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private static ContentHttpResult NotReady(SampleConnectedAppSettings settings) =>
        Page(StatusCodes.Status503ServiceUnavailable, Pages.Message(settings, "Starting.", "The app is not registered with the identity provider yet. Reload in a moment."));

    private static ContentHttpResult Page(int status, string html) => TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
}
