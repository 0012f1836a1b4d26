using Microsoft.AspNetCore.Mvc;

namespace Stytch.Emulator.OAuth;

/// <summary>The query string of <c>GET /v1/public/oauth/{provider}/start</c>.</summary>
internal readonly record struct OAuthStartQuery(
    [property: FromQuery(Name = "public_token")] string? PublicToken,
    [property: FromQuery(Name = "login_redirect_url")] string? LoginRedirectUrl,
    [property: FromQuery(Name = "signup_redirect_url")] string? SignupRedirectUrl,
    [property: FromQuery(Name = "code_challenge")] string? CodeChallenge);
