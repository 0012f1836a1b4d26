using System.Text.Json;

namespace Stytch.Emulator.Infrastructure;

/// <summary>
/// The OAuth 2.0 error body of Stytch's public OAuth endpoints (RFC 6749 §5.2 plus Stytch's <c>status_code</c> and
/// <c>request_id</c>; Go SDK <c>OAuth2Error</c>).
/// </summary>
internal sealed record OAuthError(int StatusCode, string RequestId, string Error, string ErrorDescription, string ErrorUri);

/// <summary>An OAuth error answer: the JSON body, <c>Cache-Control: no-store</c>, and a <c>WWW-Authenticate</c> challenge when one is due.</summary>
internal sealed class OAuthErrorResult(OAuthError error, string? challenge) : IResult, IStatusCodeHttpResult
{
    public OAuthError Error { get; } = error;

    public int? StatusCode => Error.StatusCode;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = Error.StatusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        if (challenge is not null)
        {
            response.Headers.WWWAuthenticate = challenge;
        }

        await JsonSerializer.SerializeAsync(response.Body, Error, EmulatorJsonContext.Default.OAuthError, httpContext.RequestAborted);
    }
}

/// <summary>The OAuth error catalogue (RFC 6749 §5.2, RFC 6750 §3.1, RFC 7662, RFC 7009). Values per case are the emulator's choice.</summary>
internal static class OAuthErrors
{
    public static OAuthErrorResult Create(int status, string error, string description, string? challenge = null) =>
        new(new OAuthError(status, StytchIds.RequestId(), error, description, $"https://stytch.com/docs/api/errors/{status}"), challenge);

    public static OAuthErrorResult InvalidRequest(string description) => Create(400, "invalid_request", description);

    /// <summary>401; with a <c>Basic</c> challenge when the client tried HTTP Basic (RFC 6749 §5.2).</summary>
    public static OAuthErrorResult InvalidClient(string description, bool usedBasic) =>
        Create(401, "invalid_client", description, usedBasic ? "Basic realm=\"stytch\"" : null);

    public static OAuthErrorResult InvalidGrant(string description) => Create(400, "invalid_grant", description);

    public static OAuthErrorResult InvalidScope(string description) => Create(400, "invalid_scope", description);

    public static OAuthErrorResult UnsupportedGrantType(string description) => Create(400, "unsupported_grant_type", description);

    /// <summary>RFC 6750 §3.1: no token at all carries no error code in the challenge.</summary>
    public static OAuthErrorResult MissingBearerToken() =>
        Create(401, "invalid_request", "A bearer access token is required in the Authorization header.", "Bearer realm=\"stytch\"");

    public static OAuthErrorResult InvalidToken() =>
        Create(401, "invalid_token", "The access token is invalid, expired or revoked.", "Bearer realm=\"stytch\", error=\"invalid_token\"");

    public static OAuthErrorResult ServerError() => Create(500, "server_error", StytchErrors.InternalServerErrorMessage);

    public static OAuthErrorResult MethodNotAllowed() => Create(405, "invalid_request", "The HTTP method is not allowed on this route.");

    /// <summary>An injected fault's answer on an OAuth route: the fault's error type, or a standard OAuth code for the status.</summary>
    public static OAuthErrorResult ForFault(int status, string? errorType, string? message) => Create(
        status,
        errorType ?? status switch
        {
            400 => "invalid_request",
            401 => "invalid_client",
            429 => "temporarily_unavailable",
            >= 500 => "server_error",
            _ => "injected_fault",
        },
        message ?? (status == 429 ? "Too many requests have been made." : status >= 500 ? StytchErrors.InternalServerErrorMessage : "The Stytch emulator injected this error."));
}
