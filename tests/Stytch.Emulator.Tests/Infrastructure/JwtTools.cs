using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>Reads and verifies RS256 JWTs by hand (no IdentityModel): the key comes from the JWKS <c>n</c>/<c>e</c>.</summary>
internal static class JwtTools
{
    public static (JsonElement Header, JsonElement Payload) Decode(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        return (Parse(parts[0]), Parse(parts[1]));
    }

    /// <summary>True when a key of the JWKS with the JWT's kid verifies its RS256 signature.</summary>
    public static bool VerifiesWith(string jwt, JsonElement jwks)
    {
        var parts = jwt.Split('.');
        var (header, _) = Decode(jwt);
        var kid = header.GetProperty("kid").GetString();
        var key = jwks.GetProperty("keys").EnumerateArray().FirstOrDefault(k => k.GetProperty("kid").GetString() == kid);
        if (key.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Base64Url.DecodeFromChars(key.GetProperty("n").GetString()),
            Exponent = Base64Url.DecodeFromChars(key.GetProperty("e").GetString()),
        });
        return rsa.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]),
            Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
    }

    /// <summary>A JWT with the same header and signature but a tampered payload.</summary>
    public static string WithPayload(string jwt, string payloadJson)
    {
        var parts = jwt.Split('.');
        return parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson)) + "." + parts[2];
    }

    private static JsonElement Parse(string segment)
    {
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(segment));
        return document.RootElement.Clone();
    }
}
