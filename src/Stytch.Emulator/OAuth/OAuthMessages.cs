using System.Text.Json;
using Stytch.Emulator.State;
using Stytch.Emulator.Wire;

namespace Stytch.Emulator.OAuth;

/// <summary>A started OAuth flow, waiting for the simulated provider page to be submitted.</summary>
internal sealed record PendingOAuthFlow(OAuthProvider Provider, Uri LoginRedirect, Uri? SignupRedirect, string? CodeChallenge);

/// <summary>An OAuth token handed to the app's redirect URL, waiting for <c>/v1/oauth/authenticate</c>.</summary>
internal sealed record PendingOAuthLogin(string UserId, OAuthRegistration Registration, string? CodeChallenge);

/// <summary><c>POST /v1/oauth/authenticate</c> request.</summary>
internal sealed class OAuthAuthenticateRequest
{
    public string? Token { get; set; }

    public int? SessionDurationMinutes { get; set; }

    public string? SessionToken { get; set; }

    public string? SessionJwt { get; set; }

    public Dictionary<string, JsonElement>? SessionCustomClaims { get; set; }

    public string? CodeVerifier { get; set; }
}

/// <summary><c>provider_values</c>: the (fake) tokens the provider issued.</summary>
internal sealed record ProviderValuesView(string AccessToken, string RefreshToken, string IdToken, IReadOnlyList<string> Scopes, string? ExpiresAt);

/// <summary><c>POST /v1/oauth/authenticate</c> response. The session object is named <c>user_session</c> here.</summary>
internal sealed record OAuthAuthenticateResponse(
    string RequestId,
    int StatusCode,
    string UserId,
    string ProviderSubject,
    string ProviderType,
    string SessionToken,
    string SessionJwt,
    ProviderValuesView ProviderValues,
    UserView User,
    bool ResetSessions,
    string OauthUserRegistrationId,
    SessionView? UserSession);
