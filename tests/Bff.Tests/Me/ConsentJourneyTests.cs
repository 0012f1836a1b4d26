using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Me;

/// <summary>The whole consent-management journey against a stateful Stytch double.</summary>
public sealed class ConsentJourneyTests : BffTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");
    private readonly ConcurrentDictionary<string, string> _granted = new()
    {
        ["connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888"] = "Example CLI",
        ["connected-app-test-0f7e5bb1-5f2c-4b0c-9f0a-8c2d9b3e1a77"] = "Notes",
    };

    [Fact]
    public async Task LoginListRevokeListAgainLogoutThen401()
    {
        var ct = TestContext.Current.CancellationToken;
        var revoked = "connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888";
        var listPath = $"/v1/users/{_user.UserId}/connected_apps";
        Factory.Stytch.On("GET", listPath, _ => FakeReply.Json(StytchShapes.ConnectedApps([.. _granted.Select(kv => (kv.Key, kv.Value)).OrderBy(a => a.Key)])));
        foreach (var id in _granted.Keys)
        {
            Factory.Stytch.On("POST", $"{listPath}/{id}/revoke", r => _granted.TryRemove(id, out _)
                ? FakeReply.Ack()
                : FakeReply.Error(404, "connected_app_not_found", "The Connected App requested could not be found."));
        }

        Factory.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());

        var client = await Factory.LoginAsync(_user, ct);
        Assert.Equal(2, (await ListAsync(client, ct)).Count);

        var revoke = await client.PostAsync($"/me/connected-apps/{revoked}/revoke", null, ct);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        var after = await ListAsync(client, ct);
        Assert.DoesNotContain(revoked, after);
        Assert.Single(after);

        var again = await client.PostAsync($"/me/connected-apps/{revoked}/revoke", null, ct);
        await Problem.AssertAsync(again, HttpStatusCode.NotFound, "connected_app_not_found");

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/auth/logout", null, ct)).StatusCode);
        await Problem.AssertAsync(await client.GetAsync("/me/connected-apps", ct), HttpStatusCode.Unauthorized);
        await Problem.AssertAsync(await client.PostAsync($"/me/connected-apps/{revoked}/revoke", null, ct), HttpStatusCode.Unauthorized);
        Assert.Empty(Factory.Stytch.Unexpected);
        Assert.Equal(["POST /v1/passwords/authenticate", $"GET {listPath}", $"POST {listPath}/{revoked}/revoke", $"GET {listPath}", $"POST {listPath}/{revoked}/revoke", "POST /v1/sessions/revoke"],
            Factory.Stytch.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    private static async Task<List<string>> ListAsync(HttpClient client, CancellationToken ct)
    {
        var body = await client.GetFromJsonAsync<JsonElement>("/me/connected-apps", ct);
        return body.GetProperty("connected_apps").EnumerateArray().Select(a => a.GetProperty("connected_app_id").GetString()!).ToList();
    }
}
