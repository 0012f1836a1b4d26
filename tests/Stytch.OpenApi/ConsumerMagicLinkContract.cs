using Microsoft.OpenApi.Models;

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
        var schemas = document.Components.Schemas;
        Request = Object(
            required: ["token"],
            ("token", Primitive("string")),
            ("attributes", Primitive("object")),
            ("options", Primitive("object")),
            ("session_token", Primitive("string")),
            ("session_duration_minutes", Primitive("integer")),
            ("session_jwt", Primitive("string")),
            ("session_custom_claims", Primitive("object")),
            ("code_verifier", Primitive("string")),
            ("telemetry_id", Primitive("string")));
        Response = Object(
            required: ["request_id", "status_code", "user_id", "method_id", "session_token", "session_jwt", "user", "reset_sessions"],
            ("request_id", Primitive("string")),
            ("status_code", Primitive("integer")),
            ("user_id", Primitive("string")),
            ("method_id", Primitive("string")),
            ("session_token", Primitive("string")),
            ("session_jwt", Primitive("string")),
            ("user", schemas["api_user_v1_User"]),
            ("reset_sessions", Primitive("boolean")),
            ("session", schemas["api_session_v1_Session"]),
            ("user_device", Primitive("object")));
    }

    public OpenApiSchema Request { get; }

    public OpenApiSchema Response { get; }

    public static bool Covers(string method, string pathTemplate) =>
        string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) && string.Equals(pathTemplate, PathTemplate, StringComparison.Ordinal);

    private static OpenApiSchema Primitive(string type) => new() { Type = type };

    private static OpenApiSchema Object(string[] required, params (string Name, OpenApiSchema Schema)[] properties) => new()
    {
        Type = "object",
        Required = new HashSet<string>(required, StringComparer.Ordinal),
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema, StringComparer.Ordinal),
    };
}
