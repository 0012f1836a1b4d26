using System.Text.Json;

namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>What the emulator answered to one call (<paramref name="Headers"/>: response headers, when the caller kept them).</summary>
internal sealed record ApiResponse(int Status, string Body, string? MediaType, string? RetryAfter, IReadOnlyDictionary<string, string>? Headers = null)
{
    private JsonElement? _json;

    /// <summary>The body parsed as JSON (fails the test when it is not JSON).</summary>
    public JsonElement Json => _json ??= Parse(Body);

    public string Text(string property) => Json.GetProperty(property).GetString() ?? "";

    /// <summary>A response header (case-insensitive name), or null.</summary>
    public string? Header(string name) => Headers?.GetValueOrDefault(name);

    private static JsonElement Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}

/// <summary>One call made through <see cref="StytchApi"/>: for the OpenAPI fidelity checks.</summary>
internal sealed record RecordedExchange(string Method, string Path, string? RequestBody, ApiResponse Response);
