using System.Net;
using System.Text.Json;

namespace Bff.Tests.Infrastructure;

/// <summary>Assertions on the BFF's problem+json answers.</summary>
public static class Problem
{
    /// <summary>Asserts a problem+json response with <paramref name="status"/> (and the Stytch-style fields); returns its body.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string? errorType = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.Location);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.Equal((int)status, body.GetProperty("status_code").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error_type").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error_message").GetString()));
        Assert.Equal(Assert.Single(response.Headers.GetValues("X-Request-Id")), body.GetProperty("bff_request_id").GetString());
        if (errorType is not null)
        {
            Assert.Equal(errorType, body.GetProperty("error_type").GetString());
        }

        return body;
    }

    public static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
