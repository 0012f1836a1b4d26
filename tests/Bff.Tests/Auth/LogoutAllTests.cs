using System.Net;
using System.Text.Json;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Auth;

/// <summary><c>POST /auth/logout-all</c> on a single instance (in-memory sessions and index).</summary>
public sealed class LogoutAllTests : BffTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Fact]
    public async Task LogoutAllEndsEveryInMemorySessionOfTheUserAndKeepsOtherUsers()
    {
        var ct = TestContext.Current.CancellationToken;
        var laptop = await Factory.LoginAsync(_user, ct);
        var phone = await Factory.LoginAsync(_user with { SessionId = $"session-test-{Guid.NewGuid()}" }, ct);
        var other = await Factory.LoginAsync(new TestUser("bob@example.com", "hunter2-hunter2"), ct);
        Factory.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());

        using var response = await laptop.PostAsync("/auth/logout-all", null, ct);
        using var phoneMe = await phone.GetAsync("/me", ct);
        using var laptopMe = await laptop.GetAsync("/me", ct);
        using var otherMe = await other.GetAsync("/me", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("status_code").GetInt32());
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-bff-session=;", StringComparison.Ordinal));
        Assert.Equal(2, Factory.Stytch.Count("POST", "/v1/sessions/revoke"));
        Assert.Equal(HttpStatusCode.Unauthorized, phoneMe.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, laptopMe.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherMe.StatusCode);
    }

    [Fact]
    public async Task LogoutAllEndsTheSessionsInTheBffEvenWhenStytchIsDown()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Error(503, "internal_server_error", "Stytch is down."));

        using var response = await client.PostAsync("/auth/logout-all", null, ct);
        using var me = await client.GetAsync("/me", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Single(Factory.Logs.WithEventName("UserSessionsRevokedPartly"));
    }

    [Fact]
    public async Task LogoutAllWithoutCsrfHeaderIsForbiddenAndEndsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        client.DefaultRequestHeaders.Remove("X-CSRF");

        using var response = await client.PostAsync("/auth/logout-all", null, ct);
        client.DefaultRequestHeaders.Add("X-CSRF", "1");
        using var me = await client.GetAsync("/me", ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(0, Factory.Stytch.Count("POST", "/v1/sessions/revoke"));
    }

    [Fact]
    public async Task LogoutAllWithoutSessionIs401()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await Factory.CreateSpaClient().PostAsync("/auth/logout-all", null, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(Factory.Stytch.Requests);
    }
}
