using System.Text.Json;
using Stytch.Emulator.Wire;

namespace Stytch.Emulator.Passwords;

/// <summary><c>POST /v1/passwords/authenticate</c> request.</summary>
internal sealed class PasswordAuthenticateRequest
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public int? SessionDurationMinutes { get; set; }

    public string? SessionToken { get; set; }

    public string? SessionJwt { get; set; }

    public Dictionary<string, JsonElement>? SessionCustomClaims { get; set; }
}

/// <summary><c>POST /v1/passwords/authenticate</c> response; <c>session</c> only when one was started or extended.</summary>
internal sealed record PasswordAuthenticateResponse(
    string RequestId,
    int StatusCode,
    string UserId,
    string SessionToken,
    string SessionJwt,
    UserView User,
    SessionView? Session);

/// <summary><c>POST /v1/passwords</c> request (creates a user with a password).</summary>
internal sealed class PasswordCreateRequest
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public int? SessionDurationMinutes { get; set; }

    public NameView? Name { get; set; }

    public Dictionary<string, JsonElement>? TrustedMetadata { get; set; }

    public Dictionary<string, JsonElement>? UntrustedMetadata { get; set; }

    public Dictionary<string, JsonElement>? SessionCustomClaims { get; set; }
}

/// <summary><c>POST /v1/passwords</c> response.</summary>
internal sealed record PasswordCreateResponse(
    string RequestId,
    int StatusCode,
    string UserId,
    string EmailId,
    string SessionToken,
    string SessionJwt,
    UserView User,
    SessionView? Session);
