using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Stytch.Emulator.Infrastructure;

namespace Stytch.Emulator.Oidc;

/// <summary>
/// The parameters of an OAuth request body: <c>application/x-www-form-urlencoded</c> (RFC 6749) or a JSON object
/// (Stytch also takes JSON at the token endpoint). A parameter given twice is refused (RFC 6749 §3.2); an empty value
/// counts as absent.
/// </summary>
internal sealed class OAuthParameters
{
    private readonly Dictionary<string, string> _values;

    private OAuthParameters(Dictionary<string, string> values) => _values = values;

    public string? this[string name] => _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static async Task<(OAuthParameters? Parameters, OAuthErrorResult? Error)> ReadAsync(HttpContext http, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (http.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await http.Request.ReadFormAsync(ct);
            }
            catch (InvalidDataException)
            {
                return (null, OAuthErrors.InvalidRequest("The form body could not be read."));
            }

            foreach (var (name, value) in form)
            {
                if (value.Count != 1)
                {
                    return (null, OAuthErrors.InvalidRequest($"The parameter {name} is repeated."));
                }

                values[name] = value.ToString();
            }

            return (new OAuthParameters(values), null);
        }

        var body = http.Features.GetRequiredFeature<EmulatorExchange>().Body;
        if (string.IsNullOrWhiteSpace(body))
        {
            return (new OAuthParameters(values), null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, OAuthErrors.InvalidRequest("The body must be a form or a JSON object."));
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var kind = property.Value.ValueKind;
                if (kind == JsonValueKind.Null)
                {
                    continue;
                }

                if (kind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    return (null, OAuthErrors.InvalidRequest($"The parameter {property.Name} must be a string."));
                }

                var value = kind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                if (!values.TryAdd(property.Name, value))
                {
                    return (null, OAuthErrors.InvalidRequest($"The parameter {property.Name} is repeated."));
                }
            }
        }
        catch (JsonException)
        {
            return (null, OAuthErrors.InvalidRequest("The body must be a form or a JSON object."));
        }

        return (new OAuthParameters(values), null);
    }
}
