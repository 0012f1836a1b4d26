using System.Text.Json.Serialization;

namespace Stytch.Emulator.Jwt;

/// <summary>One JSON Web Key (spec <c>api_session_v1_JWK</c>; every field is required there).</summary>
internal sealed record JwkView(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("key_ops")] IReadOnlyList<string> KeyOps,
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("x5c")] IReadOnlyList<string> X5c,
    [property: JsonPropertyName("x5tS256")] string X5tS256,
    [property: JsonPropertyName("n")] string N,
    [property: JsonPropertyName("e")] string E);
