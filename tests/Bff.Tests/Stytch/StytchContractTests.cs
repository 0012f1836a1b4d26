using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bff.Stytch;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Stytch;

/// <summary>What the BFF puts on the wire to Stytch, and how the strict double holds it to stytch-api.md.</summary>
public sealed class StytchContractTests : IAsyncLifetime
{
    private readonly BffFactory _factory = new();
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task EveryCallCarriesTheProjectCredentialsAsBasicAuthAndPostsJsonBodiesOfExactlyStytchsFields()
    {
        var ct = TestContext.Current.CancellationToken;
        var list = $"/v1/users/{_user.UserId}/connected_apps";
        _factory.Stytch.On("GET", list, FakeReply.Json(StytchShapes.ConnectedApps(("connected-app-test-1", "CLI"))));
        _factory.Stytch.On("POST", $"{list}/connected-app-test-1/revoke", FakeReply.Ack());
        _factory.Stytch.On("POST", "/v1/magic_links/email/login_or_create", FakeReply.Json(StytchShapes.MagicLinkSent(_user)));
        _factory.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());
        var client = await _factory.LoginAsync(_user, ct);

        await client.PostAsJsonAsync("/auth/magic-link", new { email = _user.Email }, ct);
        await client.GetAsync("/me/connected-apps", ct);
        await client.PostAsync("/me/connected-apps/connected-app-test-1/revoke", null, ct);
        await client.PostAsync("/auth/logout", null, ct);

        var expectedAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FakeStytch.ProjectId}:{FakeStytch.Secret}"));
        Assert.Equal(5, _factory.Stytch.Requests.Count);
        Assert.All(_factory.Stytch.Requests, r => Assert.Equal(expectedAuth, r.Authorization));
        Assert.All(_factory.Stytch.Requests.Where(r => r.Method == "POST"), r => Assert.Equal("application/json", r.ContentType));
        Assert.Null(Assert.Single(_factory.Stytch.Requests, r => r.Method == "GET").Body);
        var fields = _factory.Stytch.Requests.Where(r => r.Method == "POST")
            .ToDictionary(r => r.Path.Contains("/connected_apps/", StringComparison.Ordinal) ? "revoke" : r.Path, r => Fields(r.Body!));
        Assert.Equal(["email", "password", "session_duration_minutes"], fields["/v1/passwords/authenticate"]);
        Assert.Equal(
            ["code_challenge", "email", "login_expiration_minutes", "login_magic_link_url", "signup_expiration_minutes", "signup_magic_link_url"],
            fields["/v1/magic_links/email/login_or_create"]);
        Assert.Empty(fields["revoke"]);
        Assert.Equal(["session_id"], fields["/v1/sessions/revoke"]);
        Assert.Empty(_factory.Stytch.Unexpected);
    }

    [Fact]
    public async Task AWrongProjectSecretIsRefusedByTheDoubleAsStytchDoesAndAnswered502()
    {
        var ct = TestContext.Current.CancellationToken;
        _factory.Settings["Stytch:Secret"] = "secret-test-WRONG";
        _factory.Stytch.On("POST", "/v1/magic_links/email/login_or_create", FakeReply.Json(StytchShapes.MagicLinkSent(_user)));

        var response = await _factory.CreateSpaClient().PostAsJsonAsync("/auth/magic-link", new { email = _user.Email }, ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadGateway, StytchProblems.ProjectCredentialsRejected);
        Assert.Equal("unauthorized_credentials", Problem.Text(problem, "stytch_error_type"));
        Assert.Single(_factory.Logs.WithEventName("StytchProjectCredentialsRejected"));
    }

    [Fact]
    public async Task TheDoubleFailsLoudlyOnAnyCallNoTestRegistered()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await _factory.LoginAsync(_user, ct);

        var response = await client.GetAsync("/me/connected-apps", ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var unexpected = Assert.Single(_factory.Stytch.Unexpected);
        Assert.Equal($"/v1/users/{_user.UserId}/connected_apps", unexpected.Path);
    }

    [Theory]
    [InlineData("{\"request_id\":\"request-id-test-1\",\"status_code\":200}", "request-id-test-1", null)]
    [InlineData("{\"status_code\":200,\"nested\":{\"request_id\":\"no\"},\"request_id\":\"yes\"}", "yes", null)]
    [InlineData("{\"status_code\":200}", null, "no request_id in body")]
    [InlineData("{\"request_id\":42}", null, "no request_id in body")]
    [InlineData("", null, "empty body")]
    [InlineData("<html>", null, "non-JSON body")]
    [InlineData("[1,2]", null, "non-JSON body")]
    [InlineData("{\"request_id\":", null, "non-JSON body")]
    public void TheRequestIdIsReadFromTheTopLevelOfTheBody(string body, string? requestId, string? reason)
    {
        var found = StytchCallLoggingHandler.ReadRequestId(Encoding.UTF8.GetBytes(body), out var missing);

        Assert.Equal(requestId, found);
        Assert.Equal(reason, missing);
    }

    [Fact]
    public void AnOverlongRequestIdIsNotLogged() =>
        Assert.Null(StytchCallLoggingHandler.ReadRequestId(Encoding.UTF8.GetBytes($"{{\"request_id\":\"{new string('x', 129)}\"}}"), out _));

    private static List<string> Fields(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
