using System.Text.Json;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;

namespace Stytch.OpenApi;

/// <summary>
/// Walks a JSON value and a schema together and records every violation with its JSON path (<c>$.user.emails[0]</c>).
/// Covers what the Stytch spec uses: type, required, properties, items, enum, nullable, additionalProperties, allOf,
/// oneOf, anyOf and $ref. Formats and string patterns are not checked.
/// </summary>
internal sealed class SchemaValidator(bool reportUndeclaredProperties, List<string> violations)
{
    private const int MaxDepth = 64;

    public void Validate(OpenApiSchema schema, JsonElement value, string path) => Validate(schema, value, path, 0);

    private void Validate(OpenApiSchema schema, JsonElement value, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            violations.Add($"{path}: nested deeper than {MaxDepth} levels");
            return;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!schema.Nullable)
            {
                violations.Add($"{path}: null is not allowed");
            }

            return;
        }

        foreach (var part in schema.AllOf)
        {
            Validate(part, value, path, depth + 1);
        }

        if (schema.OneOf.Count > 0 && schema.OneOf.Count(s => Matches(s, value, depth)) != 1)
        {
            violations.Add($"{path}: matches {schema.OneOf.Count(s => Matches(s, value, depth))} of the oneOf schemas, not exactly one");
        }

        if (schema.AnyOf.Count > 0 && !schema.AnyOf.Any(s => Matches(s, value, depth)))
        {
            violations.Add($"{path}: matches none of the anyOf schemas");
        }

        var type = schema.Type ?? (schema.Properties.Count > 0 ? "object" : schema.Items is not null ? "array" : null);
        if (type is not null && !HasType(value, type))
        {
            violations.Add($"{path}: expected {type}, got {Describe(value)}");
            return;
        }

        if (schema.Enum.Count > 0 && value.ValueKind == JsonValueKind.String
            && !schema.Enum.OfType<OpenApiString>().Any(e => string.Equals(e.Value, value.GetString(), StringComparison.Ordinal)))
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

    private void ValidateObject(OpenApiSchema schema, JsonElement value, string path, int depth)
    {
        foreach (var name in schema.Required)
        {
            if (!value.TryGetProperty(name, out _))
            {
                violations.Add($"{path}.{name}: required property is missing");
            }
        }

        foreach (var property in value.EnumerateObject())
        {
            if (schema.Properties.TryGetValue(property.Name, out var propertySchema))
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
            else if (reportUndeclaredProperties && schema.Properties.Count > 0 && schema.AllOf.Count == 0)
            {
                violations.Add($"{path}.{property.Name}: property is not declared by the schema");
            }
        }
    }

    private bool Matches(OpenApiSchema schema, JsonElement value, int depth)
    {
        var probe = new List<string>();
        new SchemaValidator(reportUndeclaredProperties, probe).Validate(schema, value, "$", depth + 1);
        return probe.Count == 0;
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) && decimal.Truncate(number) == number,
        _ => true,
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => "number " + value.GetRawText(),
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}
