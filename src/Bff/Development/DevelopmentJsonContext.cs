using System.Text.Json.Serialization;

namespace Bff.Development;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DevInfoResponse))]
internal sealed partial class DevelopmentJsonContext : JsonSerializerContext;
