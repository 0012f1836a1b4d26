using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Stytch.Emulator.Infrastructure;

namespace Stytch.Emulator.Jwt;

/// <summary>Signs and verifies the compact RS256 JWTs of the project (session JWTs, access tokens, ID tokens).</summary>
internal static class JwtSigner
{
    /// <summary>A JWT with header <c>{alg: RS256, kid, typ: JWT}</c> over <paramref name="payload"/>, signed by <paramref name="key"/>.</summary>
    public static string Sign<T>(SigningKey key, T payload, JsonTypeInfo<T> typeInfo)
    {
        var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new JwtHeader("RS256", key.Kid, "JWT"), EmulatorJsonContext.Default.JwtHeader));
        var body = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, typeInfo));
        var signingInput = header + "." + body;
        return signingInput + "." + Base64Url.EncodeToString(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>
    /// Checks the signature against the published keys and returns the payload. Claims (<c>exp</c>, <c>iss</c>, …)
    /// are the caller's business.
    /// </summary>
    public static (JwtCheckOutcome Outcome, JsonElement Payload) Read(SigningKeys keys, string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return (JwtCheckOutcome.Unparsable, default);
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (header.RootElement.ValueKind != JsonValueKind.Object || payload.RootElement.ValueKind != JsonValueKind.Object
                || !header.RootElement.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String
                || !header.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "RS256")
            {
                return (JwtCheckOutcome.Unparsable, default);
            }

            var key = keys.Find(kid.GetString()!);
            return key is null || !key.Verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature)
                ? (JwtCheckOutcome.BadSignature, default)
                : (JwtCheckOutcome.Valid, payload.RootElement.Clone());
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return (JwtCheckOutcome.Unparsable, default);
        }
    }
}
