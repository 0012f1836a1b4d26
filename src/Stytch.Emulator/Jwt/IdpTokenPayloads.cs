namespace Stytch.Emulator.Jwt;

/// <summary>
/// The claims of a Connected App access token (connected-apps-idp.md §3.2): what Node's <c>introspectTokenLocal</c>
/// checks (<c>iss</c>, <c>aud</c> with the project id, time claims) plus <c>client_id</c>, <c>scope</c> and <c>jti</c>.
/// </summary>
internal sealed record AccessTokenPayload
{
    public required IReadOnlyList<string> Aud { get; init; }

    public required string ClientId { get; init; }

    public required long Exp { get; init; }

    public required long Iat { get; init; }

    public required string Iss { get; init; }

    public required string Jti { get; init; }

    public required long Nbf { get; init; }

    public required string Scope { get; init; }

    public required string Sub { get; init; }
}

/// <summary>The claims of an ID token: <c>aud</c> is the client, <c>nonce</c> echoed, profile/email claims by scope.</summary>
internal sealed record IdTokenPayload
{
    public required IReadOnlyList<string> Aud { get; init; }

    public required long Exp { get; init; }

    public required long Iat { get; init; }

    public required string Iss { get; init; }

    public required long Nbf { get; init; }

    public required string Sub { get; init; }

    public string? Nonce { get; init; }

    public string? Name { get; init; }

    public string? GivenName { get; init; }

    public string? FamilyName { get; init; }

    public string? Email { get; init; }

    public bool? EmailVerified { get; init; }
}
