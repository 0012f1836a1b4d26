using System.Net;
using System.Text.Json;
using Bff.Tests.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace Bff.Tests.Auth;

public sealed class LogoutTests : BffTest
{
    private const string SessionRevoke = "/v1/sessions/revoke";
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Fact]
    public async Task LogoutRevokesAtStytchDeletesTheSessionAndExpiresTheCookie()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var client = await Factory.LoginAsync(_user, cookies, ct);
        var cookieValue = Factory.SessionCookieValue(cookies)!;
        var key = Factory.SessionKeyOf(cookieValue)!;
        var stytchBody = StytchShapes.Ack();
        Factory.Stytch.On("POST", SessionRevoke, FakeReply.Json(stytchBody));

        var response = await client.PostAsync("/auth/logout", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(200, answer.RootElement.GetProperty("status_code").GetInt32());
        Assert.Equal(StytchShapes.RequestIdOf(stytchBody), answer.RootElement.GetProperty("request_id").GetString());
        var revoke = Assert.Single(Factory.Stytch.Requests, r => r.Path == SessionRevoke);
        using var body = JsonDocument.Parse(revoke.Body!);
        var only = Assert.Single(body.RootElement.EnumerateObject()); // exactly one of session_id/token/jwt
        Assert.Equal("session_id", only.Name);
        Assert.Equal(_user.SessionId, only.Value.GetString());
        var expired = Assert.Single(SetCookieHeaderValue.ParseList(response.Headers.GetValues("Set-Cookie").ToList()));
        Assert.Equal("__Host-bff-session", expired.Name.Value);
        Assert.True(expired.Expires < DateTimeOffset.UtcNow);
        Assert.True(expired.Secure);
        Assert.Equal("/", expired.Path.Value);
        Assert.Null(await Factory.StoredSessionAsync(key, ct));
        Assert.Null(Factory.SessionCookieValue(cookies));

        // The old cookie, replayed by someone who kept it, is worthless.
        var replay = Factory.CreateSpaClient();
        replay.DefaultRequestHeaders.Add("Cookie", $"__Host-bff-session={cookieValue}");
        await Problem.AssertAsync(await replay.GetAsync("/me", ct), HttpStatusCode.Unauthorized);
        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.Unauthorized);
        Assert.Empty(Factory.Stytch.Unexpected);
    }

    [Fact]
    public async Task LogoutEndsTheLocalSessionEvenWhenStytchCannotRevokeIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var client = await Factory.LoginAsync(_user, cookies, ct);
        var key = Factory.SessionKeyOf(Factory.SessionCookieValue(cookies)!)!;
        Factory.Stytch.On("POST", SessionRevoke, FakeReply.Error(500, "internal_server_error", "Oops."));

        var response = await client.PostAsync("/auth/logout", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, Factory.Stytch.Count("POST", SessionRevoke)); // idempotent: retried
        Assert.Null(await Factory.StoredSessionAsync(key, ct));
        var warning = Assert.Single(Factory.Logs.WithEventName("StytchSessionRevokeFailed"));
        Assert.Equal(_user.UserId, CapturedLogs.Property(warning, "StytchUserId"));
        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LogoutOfASessionStytchNoLongerKnowsIsQuiet()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", SessionRevoke, FakeReply.Error(404, "session_not_found", "Session could not be found."));

        var response = await client.PostAsync("/auth/logout", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Factory.Stytch.Count("POST", SessionRevoke));
        Assert.Empty(Factory.Logs.WithEventName("StytchSessionRevokeFailed"));
    }

    [Fact]
    public async Task LogoutWithAStaleJwtDoesNotNeedStytchToRefreshTheSessionFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var client = await Factory.LoginAsync(_user, cookies, ct);
        var key = Factory.SessionKeyOf(Factory.SessionCookieValue(cookies)!)!;
        Factory.Stytch.On("POST", "/v1/sessions/authenticate", FakeReply.Error(500, "internal_server_error", "Oops."));
        Factory.Stytch.On("POST", SessionRevoke, FakeReply.Ack());
        Factory.Clock.Advance(TimeSpan.FromMinutes(6));

        var response = await client.PostAsync("/auth/logout", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, Factory.Stytch.Count("POST", "/v1/sessions/authenticate"));
        Assert.Equal(1, Factory.Stytch.Count("POST", SessionRevoke));
        Assert.Null(await Factory.StoredSessionAsync(key, ct));
    }
}
