using System.Net;
using System.Text.Json;
using Bff.Tests.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace Bff.Tests.Auth;

public sealed class LogoutTests : IAsyncLifetime
{
    private const string SessionRevoke = "/v1/sessions/revoke";
    private readonly BffFactory _factory = new();
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task LogoutRevokesAtStytchDeletesTheSessionAndExpiresTheCookie()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var client = await _factory.LoginAsync(_user, cookies, ct);
        var cookieValue = _factory.SessionCookieValue(cookies)!;
        var key = _factory.SessionKeyOf(cookieValue)!;
        var stytchBody = StytchShapes.Ack();
        _factory.Stytch.On("POST", SessionRevoke, FakeReply.Json(stytchBody));

        var response = await client.PostAsync("/auth/logout", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(200, answer.RootElement.GetProperty("status_code").GetInt32());
        Assert.Equal(StytchShapes.RequestIdOf(stytchBody), answer.RootElement.GetProperty("request_id").GetString());
        var revoke = Assert.Single(_factory.Stytch.Requests, r => r.Path == SessionRevoke);
        using var body = JsonDocument.Parse(revoke.Body!);
        var only = Assert.Single(body.RootElement.EnumerateObject()); // exactly one of session_id/token/jwt
        Assert.Equal("session_id", only.Name);
        Assert.Equal(_user.SessionId, only.Value.GetString());
        var expired = Assert.Single(SetCookieHeaderValue.ParseList(response.Headers.GetValues("Set-Cookie").ToList()));
        Assert.Equal("__Host-bff-session", expired.Name.Value);
        Assert.True(expired.Expires < DateTimeOffset.UtcNow);
        Assert.True(expired.Secure);
        Assert.Equal("/", expired.Path.Value);
        Assert.Null(await _factory.StoredSessionAsync(key, ct));
        Assert.Null(_factory.SessionCookieValue(cookies));

        // The old cookie, replayed by someone who kept it, is worthless.
        var replay = _factory.CreateSpaClient();
        replay.DefaultRequestHeaders.Add("Cookie", $"__Host-bff-session={cookieValue}");
        await Problem.AssertAsync(await replay.GetAsync("/me", ct), HttpStatusCode.Unauthorized);
        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.Unauthorized);
        Assert.Empty(_factory.Stytch.Unexpected);
    }

    [Fact]
    public async Task LogoutEndsTheLocalSessionEvenWhenStytchCannotRevokeIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var client = await _factory.LoginAsync(_user, cookies, ct);
        var key = _factory.SessionKeyOf(_factory.SessionCookieValue(cookies)!)!;
        _factory.Stytch.On("POST", SessionRevoke, FakeReply.Error(500, "internal_server_error", "Oops."));

        var response = await client.PostAsync("/auth/logout", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _factory.Stytch.Count("POST", SessionRevoke)); // idempotent: retried
        Assert.Null(await _factory.StoredSessionAsync(key, ct));
        var warning = Assert.Single(_factory.Logs.WithEventName("StytchSessionRevokeFailed"));
        Assert.Equal(_user.UserId, CapturedLogs.Property(warning, "StytchUserId"));
        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LogoutOfASessionStytchNoLongerKnowsIsQuiet()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await _factory.LoginAsync(_user, ct);
        _factory.Stytch.On("POST", SessionRevoke, FakeReply.Error(404, "session_not_found", "Session could not be found."));

        var response = await client.PostAsync("/auth/logout", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _factory.Stytch.Count("POST", SessionRevoke));
        Assert.Empty(_factory.Logs.WithEventName("StytchSessionRevokeFailed"));
    }

    [Fact]
    public async Task LogoutWithAStaleJwtDoesNotNeedStytchToRefreshTheSessionFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var client = await _factory.LoginAsync(_user, cookies, ct);
        var key = _factory.SessionKeyOf(_factory.SessionCookieValue(cookies)!)!;
        _factory.Stytch.On("POST", "/v1/sessions/authenticate", FakeReply.Error(500, "internal_server_error", "Oops."));
        _factory.Stytch.On("POST", SessionRevoke, FakeReply.Ack());
        _factory.Clock.Advance(TimeSpan.FromMinutes(6));

        var response = await client.PostAsync("/auth/logout", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, _factory.Stytch.Count("POST", "/v1/sessions/authenticate"));
        Assert.Equal(1, _factory.Stytch.Count("POST", SessionRevoke));
        Assert.Null(await _factory.StoredSessionAsync(key, ct));
    }
}
