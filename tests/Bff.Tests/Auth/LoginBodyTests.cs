using System.Net;
using System.Text;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Auth;

/// <summary>
/// A login body the framework cannot read is answered like the consent endpoints' (one error_type,
/// <c>invalid_json_body</c>, and a message that says what the body must be), and Stytch is not called.
/// </summary>
public sealed class LoginBodyTests : IAsyncLifetime
{
    private readonly BffFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>(case, path, body): bodies that are not the endpoint's JSON object.</summary>
    public static TheoryData<string, string, string> UnreadableBodies()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var path in new[] { "/auth/password", "/auth/magic-link" })
        {
            data.Add("junk JSON", path, "{\"email\":");
            data.Add("a JSON array", path, "[]");
            data.Add("a JSON string", path, "\"ada@example.com\"");
            data.Add("JSON null", path, "null");
            data.Add("a field of the wrong type", path, "{\"email\":123,\"password\":true,\"return_url\":1}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task ALoginBodyThatCannotBeReadIsAProblemThatSaysWhatTheBodyMustBe(string name, string path, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _factory.CreateSpaClient();

        var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), ct);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_json_body");
        var message = Problem.Text(problem, "error_message")!;
        Assert.Contains("email", message, StringComparison.Ordinal);
        Assert.Equal(path == "/auth/password", message.Contains("password (a string)", StringComparison.Ordinal));
        Assert.Equal(path == "/auth/magic-link", message.Contains("return_url", StringComparison.Ordinal));
        Assert.Empty(_factory.Stytch.Requests);
        Assert.Empty(_factory.Stytch.Unexpected);
    }
}
