using System.Net;
using System.Text.Json.Nodes;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary>Basic auth, routing errors, malformed bodies and request_id on every answer.</summary>
public sealed class GatewayTests
{
    [Fact]
    public async Task MissingCredentialsGetTheDocumented401Body()
    {
        await using var host = await TestEmulator.StartAsync();
        using var anonymous = new StytchApi(host, withCredentials: false);
        var userId = host.FindUserId(Demo.Email)!;

        var response = await anonymous.GetAsync($"v1/users/{userId}/connected_apps");

        StytchAssert.Error(response, 401, "unauthorized_credentials");
        Assert.Equal("Unauthorized credentials.", response.Text("error_message"));
        Assert.Equal("https://stytch.com/docs/api/errors/401", response.Text("error_url"));
        Assert.Equal(
            ["status_code", "request_id", "error_type", "error_message", "error_url"],
            response.Json.EnumerateObject().Select(p => p.Name));
        Assert.False(host.Calls.Last("users.connected_apps")!.Authorized);
    }

    [Fact]
    public async Task WrongSecretIsRejectedOnEveryProtectedRoute()
    {
        await using var host = await TestEmulator.StartAsync();
        using var http = host.CreateClient(withCredentials: false);
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("project-test-11111111-1111-4111-8111-111111111111:wrong"u8.ToArray()));
        var routes = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Post, "v1/passwords/authenticate"),
            (HttpMethod.Post, "v1/passwords"),
            (HttpMethod.Post, "v1/magic_links/email/login_or_create"),
            (HttpMethod.Post, "v1/magic_links/authenticate"),
            (HttpMethod.Post, "v1/oauth/authenticate"),
            (HttpMethod.Post, "v1/sessions/authenticate"),
            (HttpMethod.Post, "v1/sessions/revoke"),
            (HttpMethod.Get, $"v1/users/{Demo.UnknownUser}"),
            (HttpMethod.Get, $"v1/users/{Demo.UnknownUser}/connected_apps"),
            (HttpMethod.Post, $"v1/users/{Demo.UnknownUser}/connected_apps/{Demo.CliApp}/revoke"),
        };

        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? new StringContent("{}") : null };
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {response.StatusCode}");
        }

        Assert.Equal(routes.Length, host.Calls.All.Count(c => c.StatusCode == 401 && !c.Authorized));
    }

    [Fact]
    public async Task JwksIsServedWithAndWithoutCredentials()
    {
        await using var host = await TestEmulator.StartAsync();
        using var anonymous = new StytchApi(host, withCredentials: false);
        using var api = new StytchApi(host);
        var path = $"v1/sessions/jwks/{host.Options.ProjectId}";

        var withoutCredentials = await anonymous.GetAsync(path);
        var withCredentials = await api.GetAsync(path);

        StytchAssert.Ok(withoutCredentials);
        StytchAssert.Ok(withCredentials);
        Assert.Equal(
            withoutCredentials.Json.GetProperty("keys")[0].GetProperty("kid").GetString(),
            withCredentials.Json.GetProperty("keys")[0].GetProperty("kid").GetString());
    }

    [Fact]
    public async Task UnknownRouteAnswersRouteNotFoundJson()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.GetAsync("v1/no/such/route");

        StytchAssert.Error(response, 404, "route_not_found");
        Assert.Null(host.Calls.All.Single().Operation);
    }

    [Fact]
    public async Task UnknownRouteWithoutCredentialsIsUnauthorizedFirst()
    {
        await using var host = await TestEmulator.StartAsync();
        using var anonymous = new StytchApi(host, withCredentials: false);

        var response = await anonymous.GetAsync("v1/no/such/route");

        StytchAssert.Error(response, 401, "unauthorized_credentials");
    }

    [Fact]
    public async Task WrongMethodAnswersMethodNotAllowedJson()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.GetAsync("v1/sessions/authenticate");

        StytchAssert.Error(response, 405, "method_not_allowed");
    }

    [Theory]
    [InlineData("{\"session_token\":")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"session_token\": 42}")]
    public async Task MalformedJsonBodyAnswersBadRequest(string body)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostRawAsync("v1/sessions/authenticate", body);

        StytchAssert.Error(response, 400, "bad_request");
        Assert.Equal(body, host.Calls.Last("sessions.authenticate")!.Body);
    }

    [Fact]
    public async Task EveryResponseCarriesAFreshTestRequestIdAndItsStatus()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var anonymous = new StytchApi(host, withCredentials: false);
        var userId = host.FindUserId(Demo.Email)!;

        ApiResponse[] responses =
        [
            await api.GetAsync($"v1/users/{userId}"),
            await api.GetAsync($"v1/users/{userId}/connected_apps"),
            await api.GetAsync("v1/users/not-a-user-id"),
            await api.GetAsync($"v1/users/{Demo.UnknownUser}"),
            await api.PostAsync("v1/passwords/authenticate", new JsonObject { ["email"] = Demo.Email, ["password"] = "nope-nope" }),
            await api.PostAsync("v1/sessions/authenticate", []),
            await api.GetAsync($"v1/sessions/jwks/{host.Options.ProjectId}"),
            await anonymous.GetAsync($"v1/users/{userId}"),
            await api.GetAsync("v1/missing"),
        ];

        foreach (var response in responses)
        {
            StytchAssert.RequestId(response.Json);
            Assert.Equal(response.Status, response.Json.GetProperty("status_code").GetInt32());
        }

        Assert.Equal(responses.Length, responses.Select(r => r.Text("request_id")).Distinct().Count());
        Assert.Equal([200, 200, 400, 404, 401, 400, 200, 401, 404], responses.Select(r => r.Status));
    }

    [Fact]
    public async Task CallLogKeepsTheRawPathBodyOperationAndStatus()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var userId = host.FindUserId(Demo.Email)!;

        await api.PostRawAsync($"v1/users/{userId}/connected_apps/connected-app-test%2Fodd/revoke", "{\"user_id\":\"x\"}");

        var call = Assert.Single(host.Calls.Of("users.revoke"));
        Assert.Equal("POST", call.Method);
        Assert.Equal($"/v1/users/{userId}/connected_apps/connected-app-test%2Fodd/revoke", call.Path);
        Assert.Equal("{\"user_id\":\"x\"}", call.Body);
        Assert.True(call.Authorized);
        Assert.Equal(404, call.StatusCode);
        Assert.Equal(1, host.Calls.Count("users.revoke"));

        host.Calls.Clear();
        Assert.Equal(0, host.Calls.Count("users.revoke"));
        Assert.Empty(host.Calls.All);
    }
}
