using System.Text.Json;
using Stytch.Emulator.Jwt;
using Stytch.Emulator.Wire;

namespace Stytch.Emulator.Sessions;

/// <summary><c>POST /v1/sessions/authenticate</c> request.</summary>
internal sealed class SessionAuthenticateRequest
{
    public string? SessionToken { get; set; }

    public string? SessionJwt { get; set; }

    public int? SessionDurationMinutes { get; set; }

    public Dictionary<string, JsonElement>? SessionCustomClaims { get; set; }
}

/// <summary><c>POST /v1/sessions/authenticate</c> response.</summary>
internal sealed record SessionAuthenticateResponse(
    string RequestId,
    int StatusCode,
    SessionView Session,
    string SessionToken,
    string SessionJwt,
    UserView User);

/// <summary><c>POST /v1/sessions/revoke</c> request: exactly one of the three.</summary>
internal sealed class SessionRevokeRequest
{
    public string? SessionId { get; set; }

    public string? SessionToken { get; set; }

    public string? SessionJwt { get; set; }
}

/// <summary><c>GET /v1/sessions/jwks/{project_id}</c> response.</summary>
internal sealed record JwksResponse(IReadOnlyList<JwkView> Keys, string RequestId, int StatusCode);
