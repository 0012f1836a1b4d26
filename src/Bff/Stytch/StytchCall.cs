namespace Bff.Stytch;

/// <summary>
/// Describes one Stytch operation: its log name, its path template (never the real path, which holds ids) and
/// whether it may be retried. Single-use token exchanges (password, magic link, OAuth) are never retried: a retry
/// after a lost answer would burn the token and report a confusing failure.
/// </summary>
public sealed record StytchCall(string Method, string PathTemplate, bool Retryable)
{
    internal static readonly HttpRequestOptionsKey<StytchCall> OptionKey = new("Bff.StytchCall");
    internal static readonly HttpRequestOptionsKey<int> AttemptKey = new("Bff.StytchAttempt");

    /// <summary>The caller's token: tells "the caller went away" from "the attempt timed out" when a call is cancelled.</summary>
    internal static readonly HttpRequestOptionsKey<CancellationToken> CallerTokenKey = new("Bff.StytchCallerToken");

    public static readonly StytchCall PasswordAuthenticate = new("POST", "/v1/passwords/authenticate", Retryable: false);
    public static readonly StytchCall MagicLinkAuthenticate = new("POST", "/v1/magic_links/authenticate", Retryable: false);
    public static readonly StytchCall OAuthAuthenticate = new("POST", "/v1/oauth/authenticate", Retryable: false);
    public static readonly StytchCall MagicLinkLoginOrCreate = new("POST", "/v1/magic_links/email/login_or_create", Retryable: false);
    public static readonly StytchCall SessionAuthenticate = new("POST", "/v1/sessions/authenticate", Retryable: true);
    public static readonly StytchCall SessionRevoke = new("POST", "/v1/sessions/revoke", Retryable: true);
    public static readonly StytchCall ConnectedApps = new("GET", "/v1/users/{user_id}/connected_apps", Retryable: true);
    public static readonly StytchCall RevokeConnectedApp = new("POST", "/v1/users/{user_id}/connected_apps/{connected_app_id}/revoke", Retryable: true);

    /// <summary>The consent preflight only reads: safe to retry.</summary>
    public static readonly StytchCall IdpAuthorizeStart = new("POST", "/v1/idp/oauth/authorize/start", Retryable: true);

    /// <summary>Mints a one-time authorization code: never retried, the user can submit again.</summary>
    public static readonly StytchCall IdpAuthorize = new("POST", "/v1/idp/oauth/authorize", Retryable: false);

    internal static StytchCall? Of(HttpRequestMessage request) =>
        request.Options.TryGetValue(OptionKey, out var call) ? call : null;
}
