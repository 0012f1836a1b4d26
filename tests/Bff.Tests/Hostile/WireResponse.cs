using System.Text;
using System.Text.Json;

namespace Bff.Tests.Hostile;

/// <summary>A response as it came back on the wire (or from the test server), headers in order.</summary>
public sealed record WireResponse(int Status, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim();

    public bool IsProblem => string.Equals(MediaType, "application/problem+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Went through the BFF's pipeline: only the app sets X-Request-Id (Kestrel's own protocol errors do not).</summary>
    public bool FromApp => Header("X-Request-Id") is not null;

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>The value of a cookie set by the response (the part before the first ';'), or null.</summary>
    public string? SetCookie(string cookieName) =>
        HeaderValues("Set-Cookie")
            .Select(c => c.Split(';')[0])
            .Where(c => c.StartsWith(cookieName + "=", StringComparison.Ordinal))
            .Select(c => c[(cookieName.Length + 1)..])
            .LastOrDefault();

    /// <summary>A top-level string or number field of a JSON body, or null.</summary>
    public string? Json(string field)
    {
        try
        {
            using var doc = JsonDocument.Parse(Body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(field, out var value)
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A problem+json body with the fields the SPA reads: status, title, type, status_code, error_type, error_message, bff_request_id.</summary>
    public string? ProblemShapeError()
    {
        if (!IsProblem)
        {
            return $"Content-Type is '{Header("Content-Type")}', not application/problem+json";
        }

        foreach (var field in new[] { "status", "title", "type", "status_code", "error_type", "error_message", "bff_request_id" })
        {
            if (Json(field) is null)
            {
                return $"the problem has no '{field}': {Excerpt()}";
            }
        }

        return Json("status") == Status.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && Json("status_code") == Status.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ? null
            : $"status/status_code do not match the HTTP status {Status}: {Excerpt()}";
    }

    public string Excerpt() => BodyText.Length > 300 ? BodyText[..300] + "…" : BodyText;

    /// <summary>Parses a raw HTTP/1.1 response (Content-Length, chunked, or read to the end).</summary>
    public static WireResponse Parse(byte[] raw)
    {
        var headEnd = IndexOf(raw, "\r\n\r\n"u8, 0);
        if (headEnd < 0)
        {
            throw new FormatException($"No complete response head in {raw.Length} bytes: '{Encoding.Latin1.GetString(raw[..Math.Min(raw.Length, 200)])}'");
        }

        var lines = Encoding.Latin1.GetString(raw, 0, headEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .ToList();
        var rest = raw[(headEnd + 4)..];
        var response = new WireResponse(status, headers, rest);
        if (response.Header("Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return response with { Body = Dechunk(rest) };
        }

        return response.Header("Content-Length") is { } cl && int.TryParse(cl, out var length) && length <= rest.Length
            ? response with { Body = rest[..length] }
            : response;
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        var body = new List<byte>();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = IndexOf(chunked, "\r\n"u8, position);
            if (lineEnd < 0)
            {
                break;
            }

            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, position, lineEnd - position).Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            body.AddRange(chunked.AsSpan(lineEnd + 2, Math.Min(size, chunked.Length - lineEnd - 2)).ToArray());
            position = lineEnd + 2 + size + 2;
        }

        return [.. body];
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> value, int start)
    {
        var index = data.AsSpan(start).IndexOf(value);
        return index < 0 ? -1 : index + start;
    }
}
