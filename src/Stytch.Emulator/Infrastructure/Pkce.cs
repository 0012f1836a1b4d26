using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Stytch.Emulator.Infrastructure;

/// <summary>PKCE (RFC 7636, S256): <c>base64url(SHA256(code_verifier)) == code_challenge</c>.</summary>
internal static class Pkce
{
    /// <summary>
    /// True when neither side used PKCE, or the verifier matches the challenge. A challenge without a verifier, or a
    /// verifier without a challenge, does not match.
    /// </summary>
    public static bool Matches(string? challenge, string? verifier)
    {
        if (challenge is null || verifier is null)
        {
            return challenge is null && verifier is null;
        }

        var computed = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }
}
