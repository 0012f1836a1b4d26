using System.Text.Json.Serialization;
using Bff.Auth;
using Bff.Me;
using Bff.Stytch;

namespace Bff.Hosting;

/// <summary>Source-generated JSON for the BFF's own API; snake_case like Stytch, so SDK-shaped SPA code keeps working.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MeResponse))]
[JsonSerializable(typeof(StytchAck))]
[JsonSerializable(typeof(ConnectedAppsResponse))]
[JsonSerializable(typeof(PasswordLoginRequest))]
[JsonSerializable(typeof(MagicLinkRequest))]
[JsonSerializable(typeof(AuthorizeStartRequest))]
[JsonSerializable(typeof(AuthorizeStartResponse))]
[JsonSerializable(typeof(AuthorizeRequest))]
[JsonSerializable(typeof(AuthorizeResponse))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))]
internal sealed partial class BffJsonContext : JsonSerializerContext;
