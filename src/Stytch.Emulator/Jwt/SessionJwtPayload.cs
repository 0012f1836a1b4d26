using System.Text.Json;
using System.Text.Json.Serialization;
using Stytch.Emulator.Wire;

namespace Stytch.Emulator.Jwt;

/// <summary>The JOSE header of a session JWT.</summary>
internal sealed record JwtHeader(string Alg, string Kid, string Typ);

/// <summary>The claims of a session JWT (stytch-api.md §4). Custom claims sit at the top level.</summary>
internal sealed record SessionJwtPayload
{
    public required IReadOnlyList<string> Aud { get; init; }

    public required long Exp { get; init; }

    [JsonPropertyName("https://stytch.com/session")]
    public required SessionClaim Session { get; init; }

    public required long Iat { get; init; }

    public required string Iss { get; init; }

    public required long Nbf { get; init; }

    public required string Sub { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? CustomClaims { get; set; }
}

/// <summary>The <c>https://stytch.com/session</c> claim: note <c>id</c>, not <c>session_id</c>.</summary>
internal sealed record SessionClaim
{
    public required string Id { get; init; }

    public required string StartedAt { get; init; }

    public required string LastAccessedAt { get; init; }

    public required string ExpiresAt { get; init; }

    public required AttributesView Attributes { get; init; }

    public required IReadOnlyList<AuthenticationFactorView> AuthenticationFactors { get; init; }

    public required IReadOnlyList<string> Roles { get; init; }
}
