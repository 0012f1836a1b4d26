using System.Text.Json;
using System.Text.RegularExpressions;

namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>Assertions for Stytch's wire conventions.</summary>
internal static partial class StytchAssert
{
    /// <summary>A Stytch error: the status, matching status_code, the error_type, a test request_id and the other fields.</summary>
    public static void Error(ApiResponse response, int status, string errorType)
    {
        Assert.True(status == response.Status, $"Expected HTTP {status} {errorType}, got {response.Status}: {response.Body}");
        Assert.Equal("application/json", response.MediaType);
        Assert.Equal(status, response.Json.GetProperty("status_code").GetInt32());
        Assert.Equal(errorType, response.Text("error_type"));
        Assert.False(string.IsNullOrWhiteSpace(response.Text("error_message")));
        Assert.StartsWith("https://stytch.com/docs/", response.Text("error_url"), StringComparison.Ordinal);
        RequestId(response.Json);
    }

    /// <summary>A success: HTTP 200 with status_code 200 and a request_id.</summary>
    public static void Ok(ApiResponse response)
    {
        Assert.True(response.Status == 200, $"Expected HTTP 200, got {response.Status}: {response.Body}");
        Assert.Equal(200, response.Json.GetProperty("status_code").GetInt32());
        RequestId(response.Json);
    }

    /// <summary><c>request_id</c> is <c>request-id-test-&lt;uuid v4&gt;</c>.</summary>
    public static void RequestId(JsonElement body)
    {
        Assert.True(body.TryGetProperty("request_id", out var id), "The body has no request_id.");
        Assert.Matches(RequestIdPattern(), id.GetString() ?? "");
    }

    [GeneratedRegex("^request-id-test-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    public static partial Regex RequestIdPattern();
}
