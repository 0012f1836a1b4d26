using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Stytch.OpenApi;

/// <summary>
/// Turns a response example into a schema: every key of the example is required, with the JSON type of its value.
/// Used where the spec documents a response by example only (its 401/429/500 error bodies).
/// </summary>
internal static class ExampleShape
{
    public static OpenApiSchema From(JsonNode? example) => example switch
    {
        JsonObject obj => new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string>(obj.Select(p => p.Key), StringComparer.Ordinal),
            Properties = obj.ToDictionary(p => p.Key, p => (IOpenApiSchema)From(p.Value), StringComparer.Ordinal),
        },
        JsonArray array => new OpenApiSchema { Type = JsonSchemaType.Array, Items = array.Count > 0 ? From(array[0]) : new OpenApiSchema() },

        // A null example says nothing of the type: null or any value (3.0's "nullable: true" without a type).
        null => new OpenApiSchema { Type = JsonSchemaType.Null },
        _ => example.GetValueKind() switch
        {
            // A whole number in the 64-bit range is an integer (as 1.x read it), any other number a number.
            JsonValueKind.Number => new OpenApiSchema
            {
                Type = long.TryParse(example.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? JsonSchemaType.Integer : JsonSchemaType.Number,
            },
            JsonValueKind.True or JsonValueKind.False => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            _ => new OpenApiSchema { Type = JsonSchemaType.String },
        },
    };
}
