using Stytch.Emulator.Jwt;

namespace Stytch.Emulator.Oidc;

/// <summary>The token endpoint's answer (RFC 6749 §5.1 plus Stytch's <c>request_id</c> and <c>status_code</c>).</summary>
internal sealed record TokenResponse(
    string AccessToken,
    string TokenType,
    int ExpiresIn,
    string Scope,
    string? RefreshToken,
    string? IdToken,
    string RequestId,
    int StatusCode);

/// <summary>RFC 7662 introspection: every claim for an active token, only <c>active: false</c> otherwise.</summary>
internal sealed record IntrospectionResponse
{
    public required bool Active { get; init; }

    public string? Scope { get; init; }

    public string? ClientId { get; init; }

    public string? TokenType { get; init; }

    public long? Exp { get; init; }

    public long? Iat { get; init; }

    public long? Nbf { get; init; }

    public string? Sub { get; init; }

    public string? Iss { get; init; }

    public IReadOnlyList<string>? Aud { get; init; }

    public required string RequestId { get; init; }

    public required int StatusCode { get; init; }
}

/// <summary>OIDC userinfo: <c>sub</c> and the claims the token's scopes release.</summary>
internal sealed record UserInfoResponse(
    string Sub,
    string? Name,
    string? GivenName,
    string? FamilyName,
    string? Email,
    bool? EmailVerified,
    string RequestId,
    int StatusCode);

/// <summary>Revocation (RFC 7009): always 200 for an authenticated client.</summary>
internal sealed record RevocationResponse(string RequestId, int StatusCode);

/// <summary>OpenID Provider metadata (OIDC Discovery 1.0 §3, RFC 8414), with Stytch's <c>request_id</c> and <c>status_code</c>.</summary>
internal sealed record DiscoveryDocument
{
    public required string Issuer { get; init; }

    public required string AuthorizationEndpoint { get; init; }

    public required string TokenEndpoint { get; init; }

    public required string UserinfoEndpoint { get; init; }

    public required string JwksUri { get; init; }

    public required string IntrospectionEndpoint { get; init; }

    public required string RevocationEndpoint { get; init; }

    public required IReadOnlyList<string> ResponseTypesSupported { get; init; }

    public required IReadOnlyList<string> GrantTypesSupported { get; init; }

    public required IReadOnlyList<string> SubjectTypesSupported { get; init; }

    public required IReadOnlyList<string> IdTokenSigningAlgValuesSupported { get; init; }

    public required IReadOnlyList<string> ScopesSupported { get; init; }

    public required IReadOnlyList<string> TokenEndpointAuthMethodsSupported { get; init; }

    public required IReadOnlyList<string> CodeChallengeMethodsSupported { get; init; }

    public required IReadOnlyList<string> ClaimsSupported { get; init; }

    public required string RequestId { get; init; }

    public required int StatusCode { get; init; }
}

/// <summary>A plain JWK Set (RFC 7517 §5): <c>{"keys": [...]}</c>.</summary>
internal sealed record JwkSet(IReadOnlyList<JwkView> Keys);
