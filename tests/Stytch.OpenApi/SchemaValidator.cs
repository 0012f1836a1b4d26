using System.Text.Json;
using Microsoft.OpenApi;

namespace Stytch.OpenApi;

/// <summary>
/// Walks a JSON value and a schema together and records every violation with its JSON path (<c>$.user.emails[0]</c>).
/// Covers what the Stytch spec uses: type, required, properties, items, enum, nullable, additionalProperties, allOf,
/// oneOf, anyOf and $ref. Formats and string patterns are not checked.
/// </summary>
/// <remarks>
/// The spec is OpenAPI 3.0, read by Microsoft.OpenApi 2.x into the JSON Schema model of OpenAPI 3.1: <c>nullable: true</c>
/// becomes the <see cref="JsonSchemaType.Null"/> flag of <see cref="IOpenApiSchema.Type"/>, and a <c>$ref</c> is an
/// <see cref="OpenApiSchemaReference"/> that answers with its target's members.
/// </remarks>
internal sealed class SchemaValidator(bool reportUndeclaredProperties, List<string> violations)
{
    private const int MaxDepth = 64;

    /// <summary>The JSON types, in the order a violation names them when a schema allows more than one.</summary>
    private static readonly JsonSchemaType[] ValueTypes =
    [
        JsonSchemaType.Object, JsonSchemaType.Array, JsonSchemaType.String, JsonSchemaType.Boolean, JsonSchemaType.Number, JsonSchemaType.Integer,
    ];

    public void Validate(IOpenApiSchema schema, JsonElement value, string path) => Validate(schema, value, path, 0);

    private void Validate(IOpenApiSchema schema, JsonElement value, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            violations.Add($"{path}: nested deeper than {MaxDepth} levels");
            return;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            if (schema.Type is not { } nullable || !nullable.HasFlag(JsonSchemaType.Null))
            {
                violations.Add($"{path}: null is not allowed");
            }

            return;
        }

        foreach (var part in schema.AllOf ?? [])
        {
            Validate(part, value, path, depth + 1);
        }

        if (schema.OneOf is { Count: > 0 } oneOf && oneOf.Count(s => Matches(s, value, depth)) != 1)
        {
            violations.Add($"{path}: matches {oneOf.Count(s => Matches(s, value, depth))} of the oneOf schemas, not exactly one");
        }

        if (schema.AnyOf is { Count: > 0 } anyOf && !anyOf.Any(s => Matches(s, value, depth)))
        {
            violations.Add($"{path}: matches none of the anyOf schemas");
        }

        // Null was handled above; a schema whose only type is null is OpenAPI 3.0's "nullable: true" without a type.
        var type = (schema.Type ?? (schema.Properties is { Count: > 0 } ? JsonSchemaType.Object : schema.Items is not null ? JsonSchemaType.Array : null))
            & ~JsonSchemaType.Null;
        if (type is { } expected && expected != 0 && !HasType(value, expected))
        {
            violations.Add($"{path}: expected {Name(expected)}, got {Describe(value)}");
            return;
        }

        if (schema.Enum is { Count: > 0 } values && value.ValueKind == JsonValueKind.String
            && !values.Any(e => e?.GetValueKind() == JsonValueKind.String && string.Equals(e.GetValue<string>(), value.GetString(), StringComparison.Ordinal)))
        {
            violations.Add($"{path}: '{value.GetString()}' is not one of the enum values");
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            ValidateObject(schema, value, path, depth);
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.Items is { } items)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Validate(items, item, $"{path}[{index++}]", depth + 1);
            }
        }
    }

    private void ValidateObject(IOpenApiSchema schema, JsonElement value, string path, int depth)
    {
        foreach (var name in schema.Required ?? Enumerable.Empty<string>())
        {
            if (!value.TryGetProperty(name, out _))
            {
                violations.Add($"{path}.{name}: required property is missing");
            }
        }

        foreach (var property in value.EnumerateObject())
        {
            if (schema.Properties?.TryGetValue(property.Name, out var propertySchema) is true)
            {
                Validate(propertySchema, property.Value, $"{path}.{property.Name}", depth + 1);
            }
            else if (schema.AdditionalProperties is { } additional)
            {
                Validate(additional, property.Value, $"{path}.{property.Name}", depth + 1);
            }
            else if (!schema.AdditionalPropertiesAllowed)
            {
                violations.Add($"{path}.{property.Name}: property is not allowed (additionalProperties: false)");
            }
            else if (reportUndeclaredProperties && schema.Properties is { Count: > 0 } && schema.AllOf is not { Count: > 0 })
            {
                violations.Add($"{path}.{property.Name}: property is not declared by the schema");
            }
        }
    }

    private bool Matches(IOpenApiSchema schema, JsonElement value, int depth)
    {
        var probe = new List<string>();
        new SchemaValidator(reportUndeclaredProperties, probe).Validate(schema, value, "$", depth + 1);
        return probe.Count == 0;
    }

    /// <summary>Whether the value is of one of the types (a 3.0 spec gives one; 3.1 may list several).</summary>
    private static bool HasType(JsonElement value, JsonSchemaType types) => ValueTypes.Any(t => types.HasFlag(t) && IsOf(value, t));

    private static bool IsOf(JsonElement value, JsonSchemaType type) => type switch
    {
        JsonSchemaType.Object => value.ValueKind == JsonValueKind.Object,
        JsonSchemaType.Array => value.ValueKind == JsonValueKind.Array,
        JsonSchemaType.String => value.ValueKind == JsonValueKind.String,
        JsonSchemaType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        JsonSchemaType.Number => value.ValueKind == JsonValueKind.Number,
        JsonSchemaType.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) && decimal.Truncate(number) == number,
        _ => true,
    };

    /// <summary>The spec's name of the type(s): <c>string</c>, or <c>string or integer</c>.</summary>
    private static string Name(JsonSchemaType types) =>
        string.Join(" or ", ValueTypes.Where(t => types.HasFlag(t)).Select(t => t.ToString().ToLowerInvariant()));

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => "number " + value.GetRawText(),
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}
