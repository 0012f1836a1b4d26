using System.Net;
using System.Text.Json;
using Bff.Sessions;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bff.Tests.Sessions;

public sealed class SessionExpiryTests : IAsyncLifetime
{
    private readonly BffFactory _factory = new();
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    public ValueTask InitializeAsync()
    {
        _factory.Stytch.On("POST", "/v1/sessions/authenticate", _ => FakeReply.Json(StytchShapes.SessionAuthenticate(_user, _factory.Clock.GetUtcNow())));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task AnUnusedSessionEndsAfterTheIdleTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await _factory.LoginAsync(_user, ct);

        _factory.Clock.Advance(TimeSpan.FromMinutes(61));

        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UsingTheSessionSlidesItsExpiry()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await _factory.LoginAsync(_user, ct);

        _factory.Clock.Advance(TimeSpan.FromMinutes(31));
        var slid = await client.GetAsync("/me", ct);
        Assert.Equal(HttpStatusCode.OK, slid.StatusCode);
        Assert.Contains(slid.Headers.GetValues("Set-Cookie"), c => c.StartsWith(_factory.SessionCookieName + "=", StringComparison.Ordinal));

        _factory.Clock.Advance(TimeSpan.FromMinutes(31)); // 62 minutes after login: alive only because it slid
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);

        _factory.Clock.Advance(TimeSpan.FromMinutes(61));
        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task MeWithSlideFalseDoesNotExtendTheSession()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var client = await _factory.LoginAsync(_user, cookies, ct);
        var key = _factory.SessionKeyOf(_factory.SessionCookieValue(cookies)!)!;
        var expiresBefore = await StoredExpiryAsync(key, ct);

        _factory.Clock.Advance(TimeSpan.FromMinutes(31));
        var polled = await client.GetAsync("/me?slide=false", ct);

        Assert.Equal(HttpStatusCode.OK, polled.StatusCode);
        Assert.False(polled.Headers.Contains("Set-Cookie"));
        Assert.Equal(expiresBefore, await StoredExpiryAsync(key, ct));
        _factory.Clock.Advance(TimeSpan.FromMinutes(30)); // 61 minutes after login
        await Problem.AssertAsync(await client.GetAsync("/me?slide=false", ct), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task NoSessionOutlivesTheAbsoluteLifetimeHoweverActive()
    {
        _factory.Settings["Session:IdleTimeout"] = "00:30:00";
        _factory.Settings["Session:AbsoluteLifetime"] = "01:00:00";
        var ct = TestContext.Current.CancellationToken;
        var client = await _factory.LoginAsync(_user, ct);
        var loginAt = _factory.Clock.GetUtcNow(); // after the login, which also started the host

        foreach (var minutes in new[] { 20, 20, 19 })
        {
            _factory.Clock.Advance(TimeSpan.FromMinutes(minutes));
            var me = await client.GetAsync("/me", ct);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            using var body = JsonDocument.Parse(await me.Content.ReadAsStringAsync(ct));
            var expiresAt = body.RootElement.GetProperty("expires_at").GetDateTimeOffset();
            Assert.True(expiresAt <= loginAt.AddHours(1).AddSeconds(1), $"expires_at {expiresAt:O} is later than login + 1 h ({loginAt:O})");
        }

        _factory.Clock.Advance(TimeSpan.FromMinutes(2)); // over 61 minutes after login, 2 minutes after the last use
        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.Unauthorized);
    }

    private async Task<DateTimeOffset?> StoredExpiryAsync(string key, CancellationToken ct)
    {
        var ticket = await _factory.Services.GetRequiredService<DistributedTicketStore>().RetrieveAsync(key, ct);
        return Assert.IsType<Microsoft.AspNetCore.Authentication.AuthenticationTicket>(ticket).Properties.ExpiresUtc;
    }
}
