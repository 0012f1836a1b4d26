using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Stytch.OpenApi;

/// <summary>
/// Stytch's official OpenAPI description (<c>shared/reference/stytch-openapi/openapi.yml</c>) as a checker of JSON
/// bodies: missing required properties, wrong JSON types, values outside an enum, recursively through objects and
/// arrays, with <c>$ref</c> and <c>allOf</c>/<c>oneOf</c>/<c>anyOf</c> resolved.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The spec gives error responses as examples only (401/429/500) or not at all (400, every 404). A 4xx/5xx body
/// is checked against the operation's own example when it has one, else against the error object of the spec's
/// examples (<c>status_code</c>, <c>request_id</c>, <c>error_type</c>, <c>error_message</c>, <c>error_url</c>); its
/// <c>status_code</c> must equal the HTTP status.</item>
/// <item>The consumer <c>POST /v1/magic_links/authenticate</c> carries the B2B schemas in the spec (stytch-api.md §7.1).
/// It is checked against a hand-written expectation instead (<see cref="ConsumerMagicLinkContract"/>), which still
/// takes <c>user</c> and <c>session</c> from the spec's consumer components.</item>
/// </list>
/// </remarks>
public sealed class OpenApiContract
{
    private static readonly ConcurrentDictionary<string, Lazy<OpenApiDocument>> Documents = new(StringComparer.Ordinal);

    /// <summary>The operations a path item can have, by method name in any case (<c>post</c>, <c>POST</c>).</summary>
    private static readonly Dictionary<string, HttpMethod> OperationMethods = new[]
    {
        HttpMethod.Get, HttpMethod.Put, HttpMethod.Post, HttpMethod.Delete, HttpMethod.Options, HttpMethod.Head, HttpMethod.Patch, HttpMethod.Trace,
    }.ToDictionary(m => m.Method, StringComparer.OrdinalIgnoreCase);

    private readonly OpenApiDocument _document;
    private readonly ConsumerMagicLinkContract _magicLinks;

    private OpenApiContract(OpenApiDocument document, bool reportUndeclaredProperties)
    {
        _document = document;
        _magicLinks = new ConsumerMagicLinkContract(document);
        ReportsUndeclaredProperties = reportUndeclaredProperties;
    }

    /// <summary>
    /// Whether properties a schema does not declare are violations (the spec itself allows them; strict mode catches
    /// misspelt optional fields such as <c>session</c> for <c>user_session</c>).
    /// </summary>
    public bool ReportsUndeclaredProperties { get; }

    /// <summary>Every path template of the spec, e.g. <c>/v1/users/{user_id}/connected_apps</c>.</summary>
    public IReadOnlyCollection<string> PathTemplates => [.. _document.Paths.Keys];

    /// <summary>Loads (once per process and path) and parses the spec at <paramref name="path"/>.</summary>
    public static OpenApiContract Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var document = Documents.GetOrAdd(fullPath, p => new Lazy<OpenApiDocument>(() => Read(p))).Value;
        return new OpenApiContract(document, reportUndeclaredProperties: false);
    }

    /// <summary>Loads the spec of this repository: see <see cref="DefaultSpecPath"/>.</summary>
    public static OpenApiContract LoadDefault() => Load(DefaultSpecPath());

    /// <summary>
    /// The copy of Stytch's openapi.yml vendored in this repository (<c>tests/Stytch.OpenApi/spec/</c>, MIT, unmodified,
    /// see SOURCE.md there), copied into the build output, so the contract tests run wherever the repository is cloned.
    /// </summary>
    public static string DefaultSpecPath()
    {
        var spec = Path.Combine(AppContext.BaseDirectory, "spec", "openapi.yml");
        return File.Exists(spec) ? spec : throw new FileNotFoundException("Stytch's openapi.yml is missing from the build output.", spec);
    }

    /// <summary>
    /// The reference copy beside the repository (<c>../shared/reference/stytch-openapi/openapi.yml</c>), when there is
    /// one: a test checks that the vendored copy has not drifted from it.
    /// </summary>
    public static string? ReferenceSpecPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bff.sln")))
            {
                var spec = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference", "stytch-openapi", "openapi.yml"));
                return File.Exists(spec) ? spec : null;
            }
        }

        return null;
    }

    /// <summary>The same spec, with undeclared properties reported (see <see cref="ReportsUndeclaredProperties"/>).</summary>
    public OpenApiContract WithUndeclaredPropertiesReported() => new(_document, reportUndeclaredProperties: true);

    /// <summary>
    /// The template a concrete path matches, e.g. <c>/v1/users/user-test-1/connected_apps</c> →
    /// <c>/v1/users/{user_id}/connected_apps</c>; the template with the most literal segments wins. Null when none.
    /// </summary>
    public string? MatchPathTemplate(string path)
    {
        var segments = path.Split('?')[0].Trim('/').Split('/');
        string? best = null;
        var bestLiterals = -1;
        foreach (var template in _document.Paths.Keys)
        {
            var parts = template.Trim('/').Split('/');
            if (parts.Length != segments.Length)
            {
                continue;
            }

            var literals = 0;
            var matches = true;
            for (var i = 0; i < parts.Length && matches; i++)
            {
                var isParameter = parts[i].StartsWith('{') && parts[i].EndsWith('}');
                matches = isParameter ? segments[i].Length > 0 : string.Equals(parts[i], segments[i], StringComparison.Ordinal);
                literals += isParameter ? 0 : 1;
            }

            if (matches && literals > bestLiterals)
            {
                (best, bestLiterals) = (template, literals);
            }
        }

        return best;
    }

    /// <summary>Checks a response body of one operation. An empty list means it conforms.</summary>
    public IReadOnlyList<string> ValidateResponse(string method, string pathTemplate, int status, string json)
    {
        var violations = new List<string>();
        var operation = FindOperation(method, pathTemplate, violations);
        if (operation is null || !TryParse(json, violations, out var root))
        {
            return violations;
        }

        if (status >= 400 && !HasStatusCode(root, status))
        {
            violations.Add($"$.status_code: must equal the HTTP status {status}");
        }

        var validator = new SchemaValidator(ReportsUndeclaredProperties, violations);
        if (status < 400 && ConsumerMagicLinkContract.Covers(method, pathTemplate))
        {
            validator.Validate(_magicLinks.Response, root, "$");
            return violations;
        }

        var response = FindResponse(operation, status);
        var media = JsonMedia(response?.Content);
        if (media?.Schema is { } schema)
        {
            validator.Validate(schema, root, "$");
        }
        else if (media?.Example is JsonObject example)
        {
            validator.Validate(ExampleShape.From(example), root, "$");
        }
        else if (status >= 400)
        {
            validator.Validate(ErrorShape(operation), root, "$");
        }
        else
        {
            violations.Add($"{method} {pathTemplate} documents no JSON body for status {status}");
        }

        return violations;
    }

    /// <summary>Checks a request body of one operation. An empty list means it conforms.</summary>
    public IReadOnlyList<string> ValidateRequest(string method, string pathTemplate, string json)
    {
        var violations = new List<string>();
        var operation = FindOperation(method, pathTemplate, violations);
        if (operation is null)
        {
            return violations;
        }

        var schema = ConsumerMagicLinkContract.Covers(method, pathTemplate)
            ? _magicLinks.Request
            : JsonMedia(operation.RequestBody?.Content)?.Schema;
        if (string.IsNullOrWhiteSpace(json))
        {
            if (operation.RequestBody is { Required: true })
            {
                violations.Add($"{method} {pathTemplate} requires a request body");
            }

            return violations;
        }

        if (schema is null)
        {
            violations.Add($"{method} {pathTemplate} documents no JSON request body");
            return violations;
        }

        if (TryParse(json, violations, out var root))
        {
            new SchemaValidator(ReportsUndeclaredProperties, violations).Validate(schema, root, "$");
        }

        return violations;
    }

    /// <summary>Checks JSON against a component schema, e.g. <c>api_user_v1_User</c>.</summary>
    public IReadOnlyList<string> ValidateComponent(string componentName, string json)
    {
        var violations = new List<string>();
        if (_document.Components?.Schemas is not { } schemas || !schemas.TryGetValue(componentName, out var schema))
        {
            violations.Add($"no component schema {componentName}");
        }
        else if (TryParse(json, violations, out var root))
        {
            new SchemaValidator(ReportsUndeclaredProperties, violations).Validate(schema, root, "$");
        }

        return violations;
    }

    /// <remarks>
    /// A <c>$ref</c> is read as an <see cref="OpenApiSchemaReference"/> whose members are those of the component it
    /// points to, resolved against this document when first used: the validator walks references as if they were inline.
    /// </remarks>
    private static OpenApiDocument Read(string path)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var (document, diagnostic) = OpenApiDocument.Parse(File.ReadAllText(path), OpenApiConstants.Yaml, settings);
        return document?.Paths is { Count: > 0 }
            ? document
            : throw new InvalidDataException(
                $"{path} is not a readable OpenAPI document: {string.Join("; ", diagnostic?.Errors.Select(e => e.Message) ?? [])}");
    }

    /// <summary>The first JSON media type of a body (<c>application/json</c> in every Stytch operation).</summary>
    private static OpenApiMediaType? JsonMedia(IDictionary<string, OpenApiMediaType>? content) =>
        content?.FirstOrDefault(c => c.Key.Contains("json", StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Whether an error body is an object whose <c>status_code</c> is the integer HTTP status.</summary>
    private static bool HasStatusCode(JsonElement root, int status) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("status_code", out var code)
        && code.ValueKind == JsonValueKind.Number
        && code.TryGetInt32(out var value)
        && value == status;

    private static bool TryParse(string json, List<string> violations, out JsonElement root)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
            return true;
        }
        catch (JsonException ex)
        {
            violations.Add("body is not JSON: " + ex.Message);
            root = default;
            return false;
        }
    }

    private static IOpenApiResponse? FindResponse(OpenApiOperation operation, int status)
    {
        if (operation.Responses is not { } responses)
        {
            return null;
        }

        var exact = status.ToString(CultureInfo.InvariantCulture);
        var range = (status / 100).ToString(CultureInfo.InvariantCulture) + "XX";
        return responses.TryGetValue(exact, out var response) ? response
            : responses.TryGetValue(range, out response) ? response
            : responses.TryGetValue("default", out response) ? response
            : null;
    }

    private OpenApiOperation? FindOperation(string method, string pathTemplate, List<string> violations)
    {
        if (!_document.Paths.TryGetValue(pathTemplate, out var item))
        {
            violations.Add($"the spec has no path {pathTemplate}");
            return null;
        }

        if (!OperationMethods.TryGetValue(method, out var type) || item.Operations?.TryGetValue(type, out var operation) is not true)
        {
            violations.Add($"the spec has no {method.ToUpperInvariant()} {pathTemplate}");
            return null;
        }

        return operation;
    }

    /// <summary>The error object: the operation's 401 example when it has one, else the first such example in the spec.</summary>
    private OpenApiSchema ErrorShape(OpenApiOperation operation)
    {
        var example = ErrorExample(operation)
            ?? _document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()).Select(ErrorExample).FirstOrDefault(e => e is not null)
            ?? throw new InvalidDataException("The spec has no error example to take the error object from.");
        return ExampleShape.From(example);
    }

    private static JsonObject? ErrorExample(OpenApiOperation operation) =>
        operation.Responses?.TryGetValue("401", out var response) is true
            ? response.Content?.Values.Select(m => m.Example).OfType<JsonObject>().FirstOrDefault(e => e.ContainsKey("error_type"))
            : null;
}
