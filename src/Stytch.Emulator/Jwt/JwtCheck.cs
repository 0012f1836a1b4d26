namespace Stytch.Emulator.Jwt;

internal enum JwtCheckOutcome
{
    /// <summary>Not a JWT, or not one of ours in shape.</summary>
    Unparsable,

    /// <summary>A JWT whose signature no published key verifies (forged, or signed by a key rotated out).</summary>
    BadSignature,

    Valid,
}

/// <summary>The result of <see cref="SessionJwtIssuer.Check"/>.</summary>
internal readonly record struct JwtCheck(JwtCheckOutcome Outcome, string? SessionId)
{
    public static JwtCheck Unparsable => new(JwtCheckOutcome.Unparsable, null);

    public static JwtCheck BadSignature => new(JwtCheckOutcome.BadSignature, null);

    public static JwtCheck Valid(string sessionId) => new(JwtCheckOutcome.Valid, sessionId);
}
