using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;

namespace Stytch.OpenApi;

/// <summary>
/// Turns a response example into a schema: every key of the example is required, with the JSON type of its value.
/// Used where the spec documents a response by example only (its 401/429/500 error bodies).
/// </summary>
internal static class ExampleShape
{
    public static OpenApiSchema From(IOpenApiAny example) => example switch
    {
        OpenApiObject obj => new OpenApiSchema
        {
            Type = "object",
            Required = new HashSet<string>(obj.Keys, StringComparer.Ordinal),
            Properties = obj.ToDictionary(p => p.Key, p => From(p.Value), StringComparer.Ordinal),
        },
        OpenApiArray array => new OpenApiSchema { Type = "array", Items = array.Count > 0 ? From(array[0]) : new OpenApiSchema() },
        OpenApiInteger or OpenApiLong => new OpenApiSchema { Type = "integer" },
        OpenApiFloat or OpenApiDouble => new OpenApiSchema { Type = "number" },
        OpenApiBoolean => new OpenApiSchema { Type = "boolean" },
        OpenApiNull => new OpenApiSchema { Nullable = true },
        _ => new OpenApiSchema { Type = "string" },
    };
}
