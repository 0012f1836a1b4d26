namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>Assertions for the OAuth shape of the public OAuth endpoints.</summary>
internal static class OAuthAssert
{
    /// <summary>An OAuth error: status, <c>error</c>, an <c>error_description</c>, Stytch's status_code and request_id, never cached.</summary>
    public static void Error(ApiResponse response, int status, string error)
    {
        Assert.True(status == response.Status, $"Expected HTTP {status} {error}, got {response.Status}: {response.Body}");
        Assert.Equal("application/json", response.MediaType);
        Assert.Equal(error, response.Text("error"));
        Assert.False(string.IsNullOrWhiteSpace(response.Text("error_description")));
        Assert.Equal(status, response.Json.GetProperty("status_code").GetInt32());
        Assert.False(response.Json.TryGetProperty("error_type", out _), "OAuth errors carry error, not error_type");
        Assert.Equal("no-store", response.Header("Cache-Control"));
        StytchAssert.RequestId(response.Json);
    }

    /// <summary>Introspection said the token is not active, in exactly the inactive shape.</summary>
    public static void Inactive(ApiResponse response)
    {
        Assert.True(response.Status == 200, response.Body);
        Assert.False(response.Json.GetProperty("active").GetBoolean(), response.Body);
        Assert.Equal(["active", "request_id", "status_code"], response.Json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    public static void Active(ApiResponse response)
    {
        Assert.True(response.Status == 200, response.Body);
        Assert.True(response.Json.GetProperty("active").GetBoolean(), response.Body);
    }
}
