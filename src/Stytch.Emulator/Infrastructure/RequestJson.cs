using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace Stytch.Emulator.Infrastructure;

/// <summary>
/// Reads the request body the call-recording middleware buffered. Any body is accepted whatever its Content-Type.
/// A body that is not valid JSON for the target type throws <see cref="JsonException"/>, which the gateway
/// answers with 400 <c>bad_request</c>.
/// </summary>
internal static class RequestJson
{
    /// <summary>The parsed body, or a new empty <typeparamref name="T"/> when the body is empty.</summary>
    public static T Read<T>(HttpContext http, JsonTypeInfo<T> typeInfo)
        where T : class, new()
    {
        var body = http.Features.GetRequiredFeature<EmulatorExchange>().Body;
        if (string.IsNullOrWhiteSpace(body))
        {
            return new T();
        }

        return JsonSerializer.Deserialize(body, typeInfo) ?? throw new JsonException("The body is JSON null.");
    }
}
