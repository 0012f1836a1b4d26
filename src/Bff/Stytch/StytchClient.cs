using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Bff.Stytch;

/// <summary>
/// The one typed client for Stytch's consumer API. Every method takes a <see cref="CancellationToken"/> and returns a
/// <see cref="StytchResult{T}"/>; expected failures (Stytch errors, timeouts, connection failures, junk bodies) are
/// values, not exceptions. Each wire call is logged with Stytch's request_id by <see cref="StytchCallLoggingHandler"/>.
/// </summary>
public sealed class StytchClient(HttpClient http)
{
    private static readonly StytchJsonContext Json = StytchJsonContext.Default;

    public async Task<StytchResult<StytchLogin>> AuthenticatePasswordAsync(string email, string password, int sessionMinutes, CancellationToken ct)
    {
        var result = await SendAsync(StytchCall.PasswordAuthenticate, "v1/passwords/authenticate",
            new PasswordAuthenticateRequest(email, password, sessionMinutes), Json.PasswordAuthenticateRequest, Json.PasswordAuthenticateResponse, ct);
        return result.Value is { Session: { } s } r
            ? new StytchLogin(r.RequestId, r.UserId, r.SessionToken, r.SessionJwt, s, r.User)
            : result.Failure ?? MissingSession();
    }

    /// <summary>Exchanges a magic-link token, with the PKCE verifier of the flow that sent it (null for a link sent without a challenge).</summary>
    public async Task<StytchResult<StytchLogin>> AuthenticateMagicLinkAsync(string token, string? codeVerifier, int sessionMinutes, CancellationToken ct)
    {
        var result = await SendAsync(StytchCall.MagicLinkAuthenticate, "v1/magic_links/authenticate",
            new MagicLinkAuthenticateRequest(token, sessionMinutes, codeVerifier), Json.MagicLinkAuthenticateRequest, Json.MagicLinkAuthenticateResponse, ct);
        return result.Value is { Session: { } s } r
            ? new StytchLogin(r.RequestId, r.UserId, r.SessionToken, r.SessionJwt, s, r.User)
            : result.Failure ?? MissingSession();
    }

    public async Task<StytchResult<StytchLogin>> AuthenticateOAuthAsync(string token, string codeVerifier, int sessionMinutes, CancellationToken ct)
    {
        var result = await SendAsync(StytchCall.OAuthAuthenticate, "v1/oauth/authenticate",
            new OAuthAuthenticateRequest(token, sessionMinutes, codeVerifier), Json.OAuthAuthenticateRequest, Json.OAuthAuthenticateResponse, ct);
        return result.Value is { UserSession: { } s } r
            ? new StytchLogin(r.RequestId, r.UserId, r.SessionToken, r.SessionJwt, s, r.User)
            : result.Failure ?? MissingSession();
    }

    /// <summary>Sends a magic link, tied to one browser by its PKCE challenge (null: any browser can use it).</summary>
    public Task<StytchResult<MagicLinkLoginOrCreateResponse>> SendMagicLinkAsync(
        string email, Uri callbackUrl, string? codeChallenge, int expirationMinutes, CancellationToken ct) =>
        SendAsync(StytchCall.MagicLinkLoginOrCreate, "v1/magic_links/email/login_or_create",
            new MagicLinkLoginOrCreateRequest(email, callbackUrl.AbsoluteUri, callbackUrl.AbsoluteUri, expirationMinutes, expirationMinutes, codeChallenge),
            Json.MagicLinkLoginOrCreateRequest, Json.MagicLinkLoginOrCreateResponse, ct);

    public Task<StytchResult<SessionAuthenticateResponse>> AuthenticateSessionAsync(string sessionToken, CancellationToken ct) =>
        SendAsync(StytchCall.SessionAuthenticate, "v1/sessions/authenticate",
            new SessionAuthenticateRequest(sessionToken), Json.SessionAuthenticateRequest, Json.SessionAuthenticateResponse, ct);

    public Task<StytchResult<SessionRevokeResponse>> RevokeSessionAsync(string sessionId, CancellationToken ct) =>
        SendAsync(StytchCall.SessionRevoke, "v1/sessions/revoke",
            new SessionRevokeRequest(sessionId), Json.SessionRevokeRequest, Json.SessionRevokeResponse, ct);

    public Task<StytchResult<ConnectedAppsResponse>> GetConnectedAppsAsync(StytchUserId userId, CancellationToken ct) =>
        SendAsync<EmptyRequest, ConnectedAppsResponse>(StytchCall.ConnectedApps,
            $"v1/users/{Segment(userId.Value)}/connected_apps", null, null, Json.ConnectedAppsResponse, ct);

    public Task<StytchResult<RevokeConnectedAppResponse>> RevokeConnectedAppAsync(StytchUserId userId, ConnectedAppId appId, CancellationToken ct) =>
        SendAsync(StytchCall.RevokeConnectedApp,
            $"v1/users/{Segment(userId.Value)}/connected_apps/{Segment(appId.Value)}/revoke",
            new EmptyRequest(), Json.EmptyRequest, Json.RevokeConnectedAppResponse, ct);

    public Task<StytchResult<IdpAuthorizeStartResponse>> AuthorizeStartAsync(IdpAuthorizeStartRequest request, CancellationToken ct) =>
        SendAsync(StytchCall.IdpAuthorizeStart, "v1/idp/oauth/authorize/start",
            request, Json.IdpAuthorizeStartRequest, Json.IdpAuthorizeStartResponse, ct);

    public Task<StytchResult<IdpAuthorizeResponse>> AuthorizeAsync(IdpAuthorizeRequest request, CancellationToken ct) =>
        SendAsync(StytchCall.IdpAuthorize, "v1/idp/oauth/authorize",
            request, Json.IdpAuthorizeRequest, Json.IdpAuthorizeResponse, ct);

    /// <summary>Escapes a value as exactly one path segment: '/', '?', '#', '%' and '.' cannot change the path.</summary>
    internal static string Segment(string value)
    {
        var escaped = Uri.EscapeDataString(value);
        return escaped is "." or ".." ? escaped.Replace(".", "%2E", StringComparison.Ordinal) : escaped;
    }

    private static StytchFailure MissingSession() =>
        new(StytchFailureKind.InvalidResponse, ErrorMessage: "Stytch answered without a session.");

    private async Task<StytchResult<TResponse>> SendAsync<TRequest, TResponse>(
        StytchCall call,
        string relativePath,
        TRequest? body,
        JsonTypeInfo<TRequest>? requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken ct)
        where TResponse : class
    {
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), relativePath);
        request.Options.Set(StytchCall.OptionKey, call);
        request.Options.Set(StytchCall.CallerTokenKey, ct);
        if (body is not null && requestType is not null)
        {
            request.Content = JsonContent.Create(body, requestType);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            if (response.IsSuccessStatusCode)
            {
                var value = await response.Content.ReadFromJsonAsync(responseType, ct);
                return value is null ? new StytchFailure(StytchFailureKind.InvalidResponse, (int)response.StatusCode) : value;
            }

            return await ReadFailureAsync(response, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or OperationCanceledException)
        {
            return new StytchFailure(StytchFailureKind.Timeout, ErrorMessage: "Stytch did not answer in time.");
        }
        catch (BrokenCircuitException)
        {
            return new StytchFailure(StytchFailureKind.CircuitOpen, ErrorMessage: "Stytch calls are paused after repeated failures.");
        }
        catch (HttpRequestException)
        {
            return new StytchFailure(StytchFailureKind.ConnectionFailed, ErrorMessage: "Stytch could not be reached.");
        }
        catch (JsonException)
        {
            return new StytchFailure(StytchFailureKind.InvalidResponse, ErrorMessage: "Stytch answered with a body that is not the expected JSON.");
        }
    }

    private static async Task<StytchFailure> ReadFailureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };

        StytchErrorBody? error = null;
        try
        {
            error = await response.Content.ReadFromJsonAsync(Json.StytchErrorBody, ct);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // Not JSON (a proxy's HTML page, an empty body): keep the HTTP status, there is no request_id.
        }

        return error is null
            ? new StytchFailure(StytchFailureKind.InvalidResponse, status, RetryAfter: retryAfter,
                ErrorMessage: $"Stytch answered HTTP {status} without a JSON error body.")
            : new StytchFailure(StytchFailureKind.ApiError, status == 0 ? error.StatusCode : status, error.RequestId,
                error.ErrorType, error.ErrorMessage, error.ErrorUrl, retryAfter);
    }

    internal static bool IsRetryAfterTooLong(HttpResponseMessage response, TimeSpan max) =>
        response.StatusCode == HttpStatusCode.TooManyRequests &&
        response.Headers.RetryAfter is { Delta: { } delta } && delta > max;
}
