using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bff.Sessions;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Bff.Tests.Sessions;

public sealed class SessionCookieTests : BffTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Fact]
    public async Task TheSessionCookieIsHostPrefixedHttpOnlySecureSameSiteStrictPathRootWithoutDomain()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(StytchShapes.Login(_user, Factory.Clock.GetUtcNow())));

        var response = await Factory.CreateSpaClient().PostAsJsonAsync("/auth/password", new { email = _user.Email, password = _user.Password }, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(SetCookieHeaderValue.ParseList(response.Headers.GetValues("Set-Cookie").ToList()));
        Assert.Equal("__Host-bff-session", cookie.Name.Value);
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Strict, cookie.SameSite);
        Assert.Equal("/", cookie.Path.Value);
        Assert.True(cookie.Domain.Value is null);
        Assert.Null(cookie.Expires); // a browser-session cookie; the server decides when the session ends
    }

    [Fact]
    public async Task TheCookieValueIsNotATokenButAProtectedReferenceToTheServerSideSession()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var client = await Factory.LoginAsync(_user, cookies, ct);
        var value = Factory.SessionCookieValue(cookies)!;
        var jwt = await ReadStoredJwtAsync(value, ct);

        Assert.DoesNotContain(_user.SessionToken, value, StringComparison.Ordinal);
        Assert.DoesNotContain(jwt, value, StringComparison.Ordinal);
        Assert.DoesNotContain(jwt.Split('.')[1], value, StringComparison.Ordinal);
        var cookieTicket = Factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(SessionTicket.Scheme).TicketDataFormat.Unprotect(value)!;
        var claim = Assert.Single(cookieTicket.Principal.Claims);
        Assert.Equal("Microsoft.AspNetCore.Authentication.Cookies-SessionId", claim.Type);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", claim.Value);
        Assert.DoesNotContain(cookieTicket.Properties.Items.Values, v => v is not null && (v.Contains(_user.SessionToken, StringComparison.Ordinal) || v == jwt));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
    }

    [Fact]
    public async Task ClearingTheServerSideEntryMakesTheCookieUseless()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var client = await Factory.LoginAsync(_user, cookies, ct);
        var key = Factory.SessionKeyOf(Factory.SessionCookieValue(cookies)!)!;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);

        await Factory.Services.GetRequiredService<IDistributedCache>().RemoveAsync(DistributedTicketStore.KeyPrefix + key, ct);

        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.Unauthorized);
        Assert.Single(Factory.Stytch.Requests); // only the login
    }

    [Fact]
    public async Task TheStoredSessionIsProtectedAndHoldsTheStytchCredentials()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        await Factory.LoginAsync(_user, cookies, ct);
        var key = Factory.SessionKeyOf(Factory.SessionCookieValue(cookies)!)!;

        var raw = System.Text.Encoding.UTF8.GetString((await Factory.StoredSessionAsync(key, ct))!);
        var session = SessionTicket.Read(await Factory.Services.GetRequiredService<DistributedTicketStore>().RetrieveAsync(key, ct))!;

        Assert.DoesNotContain(_user.SessionToken, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(_user.UserId, raw, StringComparison.Ordinal);
        Assert.Equal(_user.UserId, session.UserId.Value);
        Assert.Equal(_user.SessionId, session.SessionId);
        Assert.Equal(_user.SessionToken, session.SessionToken);
        Assert.Equal(3, session.SessionJwt.Split('.').Length);
    }

    [Fact]
    public async Task TheLoginRedirectStillWorksWithSameSiteStrict()
    {
        // The magic link is opened from a mail client (a cross-site, top-level navigation): the callback sets the
        // Strict cookie and redirects into the SPA, whose own same-site fetch calls then carry the cookie.
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        Factory.Stytch.On("POST", "/v1/magic_links/email/login_or_create", FakeReply.Json(StytchShapes.MagicLinkSent(_user)));
        var sent = await Factory.CreateSpaClient(cookies).PostAsJsonAsync("/auth/magic-link", new { email = _user.Email, return_url = "/settings" }, ct);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var link = new Uri(JsonDocument.Parse(Factory.Stytch.Requests[^1].Body!).RootElement.GetProperty("login_magic_link_url").GetString()!);
        var browser = Factory.CreateSpaClient(cookies, csrf: false);
        Factory.Stytch.On("POST", "/v1/magic_links/authenticate", FakeReply.Json(StytchShapes.Login(_user, Factory.Clock.GetUtcNow(), "magic_link")));
        using var navigation = new HttpRequestMessage(HttpMethod.Get, $"{link.PathAndQuery}&stytch_token_type=magic_links&token=mlt-abcdefgh12345678");
        navigation.Headers.Add("Sec-Fetch-Site", "cross-site");
        navigation.Headers.Add("Sec-Fetch-Mode", "navigate");

        var callback = await browser.SendAsync(navigation, ct);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/settings", callback.Headers.Location?.OriginalString);
        var cookie = Assert.Single(SetCookieHeaderValue.ParseList(callback.Headers.GetValues("Set-Cookie").ToList()), c => c.Name == "__Host-bff-session");
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Strict, cookie.SameSite);
        using var fetch = new HttpRequestMessage(HttpMethod.Get, "/me");
        fetch.Headers.Add("X-CSRF", "1");
        fetch.Headers.Add("Origin", BffFactory.PublicOrigin);
        fetch.Headers.Add("Sec-Fetch-Site", "same-origin");
        var me = await browser.SendAsync(fetch, ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task StartupRefusesACookieNameWithoutHostPrefixAndSameSiteNoneNamingEachKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var environment = new Dictionary<string, string>
        {
            ["Stytch__ProjectId"] = FakeStytch.ProjectId,
            ["Stytch__Secret"] = FakeStytch.Secret,
            ["Bff__PublicOrigin"] = BffFactory.PublicOrigin,
            ["Session__CookieName"] = "bff-session",
            ["Session__SameSite"] = "None",
        };

        var outcome = await BffProcess.RunUntilExitAsync(environment, ct);

        Assert.Equal(1, outcome.ExitCode);
        var lines = outcome.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("Configuration is incomplete:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Session:CookieName", StringComparison.Ordinal) && l.Contains("'bff-session'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Session:SameSite", StringComparison.Ordinal) && l.Contains("'None'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("__Secure-bff")]
    [InlineData("bff")]
    public void TheCookieValidatorNamesTheKeyForANameWithoutTheHostPrefix(string name)
    {
        var result = new BffSessionOptionsValidator().Validate(null, new BffSessionOptions { CookieName = name });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Session:CookieName", StringComparison.Ordinal) && f.Contains(name, StringComparison.Ordinal));
    }

    private async Task<string> ReadStoredJwtAsync(string cookieValue, CancellationToken ct)
    {
        var key = Factory.SessionKeyOf(cookieValue)!;
        var ticket = await Factory.Services.GetRequiredService<DistributedTicketStore>().RetrieveAsync(key, ct);
        return SessionTicket.Read(ticket)!.SessionJwt;
    }
}
