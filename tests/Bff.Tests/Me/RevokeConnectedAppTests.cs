using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Me;

public sealed class RevokeConnectedAppTests : IAsyncLifetime
{
    private const string AppId = "connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888";
    private readonly BffFactory _factory = new();
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task RevokeForwardsToStytchForTheSessionUserAndAnswersLikeTheReactSdk()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await _factory.LoginAsync(_user, ct);
        var stytchBody = StytchShapes.Ack();
        var revokePath = $"/v1/users/{_user.UserId}/connected_apps/{AppId}/revoke";
        _factory.Stytch.On("POST", revokePath, FakeReply.Json(stytchBody));

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct) + _factory.Logs.AllText());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(200, json.RootElement.GetProperty("status_code").GetInt32());
        Assert.Equal(StytchShapes.RequestIdOf(stytchBody), json.RootElement.GetProperty("request_id").GetString());
        Assert.Equal(1, _factory.Stytch.Count("POST", revokePath));
        Assert.Empty(_factory.Stytch.Unexpected);
    }

    [Fact]
    public async Task RevokeWithoutCsrfHeaderIsForbiddenAndStytchIsNotCalled()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await _factory.LoginAsync(_user, ct);
        client.DefaultRequestHeaders.Remove("X-CSRF");
        var before = _factory.Stytch.Requests.Count;

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, _factory.Stytch.Requests.Count);
    }

    [Fact]
    public async Task RevokeWithoutSessionIs401NotARedirect()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _factory.CreateSpaClient();

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(401, problem.GetProperty("status_code").GetInt32());
        Assert.Empty(_factory.Stytch.Requests);
    }
}
