using System.Text.Json.Serialization;

namespace Bff.Stytch;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(StytchErrorBody))]
[JsonSerializable(typeof(RevokeConnectedAppResponse))]
[JsonSerializable(typeof(ConnectedAppsResponse))]
[JsonSerializable(typeof(SessionAuthenticateResponse))]
[JsonSerializable(typeof(PasswordAuthenticateResponse))]
[JsonSerializable(typeof(MagicLinkAuthenticateResponse))]
[JsonSerializable(typeof(OAuthAuthenticateResponse))]
[JsonSerializable(typeof(MagicLinkLoginOrCreateResponse))]
[JsonSerializable(typeof(SessionRevokeResponse))]
[JsonSerializable(typeof(PasswordAuthenticateRequest))]
[JsonSerializable(typeof(MagicLinkLoginOrCreateRequest))]
[JsonSerializable(typeof(MagicLinkAuthenticateRequest))]
[JsonSerializable(typeof(OAuthAuthenticateRequest))]
[JsonSerializable(typeof(SessionAuthenticateRequest))]
[JsonSerializable(typeof(SessionRevokeRequest))]
[JsonSerializable(typeof(EmptyRequest))]
[JsonSerializable(typeof(IdpAuthorizeStartRequest))]
[JsonSerializable(typeof(IdpAuthorizeStartResponse))]
[JsonSerializable(typeof(IdpAuthorizeRequest))]
[JsonSerializable(typeof(IdpAuthorizeResponse))]
internal sealed partial class StytchJsonContext : JsonSerializerContext;
