using Microsoft.AspNetCore.Http.HttpResults;

namespace Stytch.Emulator.Infrastructure;

/// <summary>
/// The error catalogue (stytch-api.md §3.2). Statuses marked UNCONFIRMED there are the emulator's choice and are listed
/// in README.md.
/// </summary>
internal static class StytchErrors
{
    public static JsonHttpResult<StytchError> Create(int status, string errorType, string errorMessage) =>
        TypedResults.Json(
            new StytchError(status, StytchIds.RequestId(), errorType, errorMessage, $"https://stytch.com/docs/api/errors/{status}"),
            EmulatorJsonContext.Default.StytchError,
            statusCode: status);

    public static JsonHttpResult<StytchError> Unauthorized() => Create(401, "unauthorized_credentials", "Unauthorized credentials.");

    public static JsonHttpResult<StytchError> RouteNotFound() => Create(404, "route_not_found", "The requested route could not be found.");

    public static JsonHttpResult<StytchError> MethodNotAllowed() => Create(405, "method_not_allowed", "The HTTP method is not allowed on this route.");

    public static JsonHttpResult<StytchError> BadRequest(string message) => Create(400, "bad_request", message);

    public static JsonHttpResult<StytchError> MissingField(string field) => BadRequest($"{field} is a required field.");

    public static JsonHttpResult<StytchError> InternalServerError() => Create(500, "internal_server_error", InternalServerErrorMessage);

    public static JsonHttpResult<StytchError> InvalidUserId() => Create(400, "invalid_user_id", "user_id format is invalid.");

    public static JsonHttpResult<StytchError> UserNotFound() => Create(404, "user_not_found", "User could not be found.");

    public static JsonHttpResult<StytchError> ConnectedAppNotFound() =>
        Create(404, "connected_app_not_found", "The Connected App requested could not be found.");

    public static JsonHttpResult<StytchError> SessionNotFound() => Create(404, "session_not_found", "Session could not be found.");

    public static JsonHttpResult<StytchError> EmailNotFound() => Create(404, "email_not_found", "Email could not be found.");

    public static JsonHttpResult<StytchError> InvalidEmail() => Create(400, "invalid_email", "Email format is invalid.");

    public static JsonHttpResult<StytchError> DuplicateEmail() => Create(400, "duplicate_email", "A user with this email already exists for this project.");

    public static JsonHttpResult<StytchError> WeakPassword() =>
        Create(400, "weak_password", "Password does not meet the strength requirements (the emulator asks for at least 8 characters).");

    public static JsonHttpResult<StytchError> WrongPassword() => Unauthorized();

    public static JsonHttpResult<StytchError> InvalidSessionDuration() =>
        Create(400, "invalid_session_duration_minutes", "session_duration_minutes must be between 5 and 527040.");

    public static JsonHttpResult<StytchError> TooManySessionArguments() =>
        Create(400, "too_many_session_arguments", "Only one of session_token or session_jwt may be passed.");

    public static JsonHttpResult<StytchError> NoSessionArguments() =>
        Create(400, "no_session_arguments", "One of session_token or session_jwt must be passed.");

    public static JsonHttpResult<StytchError> TooManySessionRevokeArguments() =>
        Create(400, "too_many_session_revoke_arguments", "Only one of session_id, session_token or session_jwt may be passed.");

    public static JsonHttpResult<StytchError> NoSessionRevokeArguments() =>
        Create(400, "no_session_revoke_arguments", "One of session_id, session_token or session_jwt must be passed.");

    public static JsonHttpResult<StytchError> UnparsableSessionJwt() =>
        Create(400, "unable_to_parse_session_jwt", "The session_jwt could not be parsed.");

    public static JsonHttpResult<StytchError> SessionUserMismatch() =>
        Create(400, "session_user_mismatch", "The session passed belongs to a different user.");

    public static JsonHttpResult<StytchError> MagicLinkNotFound() =>
        Create(404, "magic_link_not_found", "Magic link could not be found: it is unknown or has already been used.");

    public static JsonHttpResult<StytchError> MagicLinkExpired() =>
        Create(401, "unable_to_auth_magic_link", "Magic link could not be authenticated because it has expired.");

    public static JsonHttpResult<StytchError> OAuthTokenNotFound() =>
        Create(404, "oauth_token_not_found", "OAuth token could not be found: it is unknown, expired or has already been used.");

    public static JsonHttpResult<StytchError> PkceMismatch() =>
        Create(400, "pkce_mismatch", "The submitted code_verifier does not match the code_challenge sent at the start of the flow.");

    public static JsonHttpResult<StytchError> InvalidRedirectUrl() =>
        Create(400, "invalid_redirect_url", "The redirect URL must be an absolute http or https URL.");

    public static JsonHttpResult<StytchError> ConnectedAppInvalidRedirectUrl(string message) =>
        Create(400, "connected_app_invalid_redirect_url", message);

    public static JsonHttpResult<StytchError> RedirectUrlNotRegistered() =>
        Create(401, "connected_app_supplied_redirect_url_not_found_in_client", "The redirect URL supplied in the request is not registered to the client.");

    public static JsonHttpResult<StytchError> InvalidScopeRequested(string scope) =>
        Create(400, "oauth_invalid_scope_requested", $"The scope '{scope}' is not a scope of this project.");

    public static JsonHttpResult<StytchError> UnsupportedResponseType() =>
        Create(400, "unsupported_response_type", "response_type must be 'code'.");

    public static JsonHttpResult<StytchError> UnsupportedPrompt() =>
        Create(400, "unsupported_prompt", "prompt may only contain 'consent'.");

    public static JsonHttpResult<StytchError> PkceRequired() =>
        Create(400, "pkce_required_for_idp_authorization_flow", "A code_challenge is required for public Connected App clients.");

    public static JsonHttpResult<StytchError> InvalidCodeChallenge() =>
        Create(400, "invalid_pkce_code_challenge", "code_challenge must be a base64url-encoded SHA-256 hash (43 characters).");

    public static JsonHttpResult<StytchError> UserIdentityArguments() =>
        Create(400, "bad_request", "Exactly one of user_id, session_token or session_jwt must be provided.");

    public static JsonHttpResult<StytchError> AuthorizationEndpointNotConfigured() =>
        Create(400, "authorization_endpoint_not_configured_for_project", "Set the project's Authorization URL (the emulator's AuthorizationUrl option).");

    public static JsonHttpResult<StytchError> ProjectNotFound() => Create(404, "project_not_found", "Project could not be found.");

    public const string InternalServerErrorMessage =
        "Oops, something seems to have gone wrong, please reach out to support@stytch.com to let us know what went wrong.";
}
