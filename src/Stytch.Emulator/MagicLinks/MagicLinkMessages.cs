using System.Text.Json;
using Stytch.Emulator.Wire;

namespace Stytch.Emulator.MagicLinks;

/// <summary><c>POST /v1/magic_links/email/login_or_create</c> request.</summary>
internal sealed class LoginOrCreateRequest
{
    public string? Email { get; set; }

    public string? LoginMagicLinkUrl { get; set; }

    public string? SignupMagicLinkUrl { get; set; }

    public int? LoginExpirationMinutes { get; set; }

    public int? SignupExpirationMinutes { get; set; }

    public bool? CreateUserAsPending { get; set; }

    public string? CodeChallenge { get; set; }
}

/// <summary><c>POST /v1/magic_links/email/login_or_create</c> response.</summary>
internal sealed record LoginOrCreateResponse(string RequestId, string UserId, string EmailId, bool UserCreated, int StatusCode);

/// <summary>
/// <c>POST /v1/magic_links/authenticate</c> request: <c>token</c>, as every SDK sends (the spec's schema for this
/// operation is the B2B one, stytch-api.md §7).
/// </summary>
internal sealed class MagicLinkAuthenticateRequest
{
    public string? Token { get; set; }

    public int? SessionDurationMinutes { get; set; }

    public string? SessionToken { get; set; }

    public string? SessionJwt { get; set; }

    public Dictionary<string, JsonElement>? SessionCustomClaims { get; set; }

    public string? CodeVerifier { get; set; }
}

/// <summary><c>POST /v1/magic_links/authenticate</c> response (stytch-api.md §2.6).</summary>
internal sealed record MagicLinkAuthenticateResponse(
    string RequestId,
    int StatusCode,
    string UserId,
    string MethodId,
    string SessionToken,
    string SessionJwt,
    UserView User,
    bool ResetSessions,
    SessionView? Session);

/// <summary>A magic link waiting to be clicked.</summary>
internal sealed record PendingMagicLink(string UserId, string? CodeChallenge);
