using System.Text.Json.Serialization;

namespace Bff.Auth;

[JsonSerializable(typeof(OAuthFlowCookie.Flow))]
[JsonSerializable(typeof(MagicLinkFlowCookie.Flow), TypeInfoPropertyName = "MagicLinkFlow")]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
