using System.Text.Json.Serialization;

namespace Bff.Auth;

[JsonSerializable(typeof(OAuthFlowCookie.Flow))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
