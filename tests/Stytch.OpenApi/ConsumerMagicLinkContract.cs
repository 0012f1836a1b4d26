using Microsoft.OpenApi;

namespace Stytch.OpenApi;

/// <summary>
/// The consumer <c>POST /v1/magic_links/authenticate</c>, written by hand because the spec gives this operation the B2B
/// schemas (<c>magic_links_token</c> in, <c>member</c>/<c>organization</c> out; stytch-api.md §7.1). Fields are those of
/// every official SDK (Node <c>magic_links.ts</c>, .NET <c>Models/Consumer/MagicLinks.cs</c>); <c>user</c> and
/// <c>session</c> still come from the spec's consumer components.
/// </summary>
internal sealed class ConsumerMagicLinkContract
{
    public const string PathTemplate = "/v1/magic_links/authenticate";

    public ConsumerMagicLinkContract(OpenApiDocument document)
    {
        var schemas = document.Components?.Schemas ?? throw new InvalidDataException("The spec has no component schemas.");
        Request = Object(
            required: ["token"],
            ("token", Primitive(JsonSchemaType.String)),
            ("attributes", Primitive(JsonSchemaType.Object)),
            ("options", Primitive(JsonSchemaType.Object)),
            ("session_token", Primitive(JsonSchemaType.String)),
            ("session_duration_minutes", Primitive(JsonSchemaType.Integer)),
            ("session_jwt", Primitive(JsonSchemaType.String)),
            ("session_custom_claims", Primitive(JsonSchemaType.Object)),
            ("code_verifier", Primitive(JsonSchemaType.String)),
            ("telemetry_id", Primitive(JsonSchemaType.String)));
        Response = Object(
            required: ["request_id", "status_code", "user_id", "method_id", "session_token", "session_jwt", "user", "reset_sessions"],
            ("request_id", Primitive(JsonSchemaType.String)),
            ("status_code", Primitive(JsonSchemaType.Integer)),
            ("user_id", Primitive(JsonSchemaType.String)),
            ("method_id", Primitive(JsonSchemaType.String)),
            ("session_token", Primitive(JsonSchemaType.String)),
            ("session_jwt", Primitive(JsonSchemaType.String)),
            ("user", schemas["api_user_v1_User"]),
            ("reset_sessions", Primitive(JsonSchemaType.Boolean)),
            ("session", schemas["api_session_v1_Session"]),
            ("user_device", Primitive(JsonSchemaType.Object)));
    }

    public OpenApiSchema Request { get; }

    public OpenApiSchema Response { get; }

    public static bool Covers(string method, string pathTemplate) =>
        string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) && string.Equals(pathTemplate, PathTemplate, StringComparison.Ordinal);

    private static OpenApiSchema Primitive(JsonSchemaType type) => new() { Type = type };

    private static OpenApiSchema Object(string[] required, params (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string>(required, StringComparer.Ordinal),
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema, StringComparer.Ordinal),
    };
}
