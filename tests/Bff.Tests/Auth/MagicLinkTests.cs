using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bff.Auth;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Bff.Tests.Auth;

public sealed class MagicLinkTests : BffTest
{
    private const string LoginOrCreate = "/v1/magic_links/email/login_or_create";
    private const string MagicLinkAuthenticate = "/v1/magic_links/authenticate";
    private const string FlowCookiePrefix = "__Host-bff-ml-";
    private const string Token = "DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=";
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Theory]
    [InlineData(null)]
    [InlineData("/")]
    [InlineData("/settings/apps?tab=consent")]
    public async Task SendingAMagicLinkIs202AndSendsAPkceChallengeWithACallbackThatNamesOnlyTheFlow(string? returnUrl)
    {
        var ct = TestContext.Current.CancellationToken;
        var stytchBody = StytchShapes.MagicLinkSent(_user);
        Factory.Stytch.On("POST", LoginOrCreate, FakeReply.Json(stytchBody));

        var response = await Factory.CreateSpaClient().PostAsJsonAsync("/auth/magic-link", new { email = _user.Email, return_url = returnUrl }, ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(StytchShapes.RequestIdOf(stytchBody), answer.RootElement.GetProperty("request_id").GetString());
        Assert.Equal(202, answer.RootElement.GetProperty("status_code").GetInt32());
        var sent = Assert.Single(Factory.Stytch.Requests);
        using var body = JsonDocument.Parse(sent.Body!);
        Assert.Equal(_user.Email, body.RootElement.GetProperty("email").GetString());
        var link = body.RootElement.GetProperty("login_magic_link_url").GetString()!;
        Assert.Matches("^https://app\\.example\\.test/auth/callback\\?flow=[A-Za-z0-9_-]{22}$", link); // the return URL stays in the browser
        Assert.Equal(link, body.RootElement.GetProperty("signup_magic_link_url").GetString());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", body.RootElement.GetProperty("code_challenge").GetString()!); // base64url(SHA-256)
        Assert.Equal(15, body.RootElement.GetProperty("login_expiration_minutes").GetInt32());
        Assert.Equal(15, body.RootElement.GetProperty("signup_expiration_minutes").GetInt32());

        var flow = Assert.Single(SetCookieHeaderValue.ParseList(response.Headers.GetValues("Set-Cookie").ToList()));
        Assert.Equal(FlowCookiePrefix + QueryHelpers.ParseQuery(new Uri(link).Query)["flow"], flow.Name.Value);
        Assert.True(flow.HttpOnly);
        Assert.True(flow.Secure);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, flow.SameSite); // comes back when the link is opened from a mail client
        Assert.Equal("/", flow.Path.Value);
        Assert.True(flow.Domain.Value is null);
        Assert.Equal(TimeSpan.FromMinutes(15), flow.MaxAge);
        Assert.DoesNotContain("settings", flow.Value.Value, StringComparison.Ordinal); // the flow state is protected
    }

    [Theory]
    [InlineData(null, "/")]
    [InlineData("/settings/apps?tab=consent", "/settings/apps?tab=consent")]
    public async Task TheLinkOpenedInTheBrowserThatAskedForItSendsTheVerifierStartsASessionAndReturnsToTheFlowsPage(string? returnUrl, string expectedLocation)
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var browser = Factory.CreateSpaClient(cookies);
        var link = await SendLinkAsync(browser, _user.Email, returnUrl, ct);
        Factory.Stytch.On("POST", MagicLinkAuthenticate, FakeReply.Json(StytchShapes.Login(_user, Factory.Clock.GetUtcNow(), "magic_link")));

        // A return_url added to the link is ignored: the flow in this browser carries the page to return to.
        var response = await browser.GetAsync(link.Callback + "&return_url=%2Felsewhere", ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expectedLocation, response.Headers.Location?.OriginalString);
        var set = SetCookieHeaderValue.ParseList(response.Headers.GetValues("Set-Cookie").ToList());
        Assert.Contains(set, c => c.Name == "__Host-bff-session" && c.Value.Length > 0);
        Assert.Contains(set, c => c.Name == link.FlowCookie && c.Expires < DateTimeOffset.UtcNow); // single use
        var exchange = Assert.Single(Factory.Stytch.Requests, r => r.Path == MagicLinkAuthenticate);
        using var body = JsonDocument.Parse(exchange.Body!);
        Assert.Equal(Token, body.RootElement.GetProperty("token").GetString());
        Assert.Equal(720, body.RootElement.GetProperty("session_duration_minutes").GetInt32());
        var verifier = body.RootElement.GetProperty("code_verifier").GetString()!;
        Assert.Equal(link.CodeChallenge, WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        var me = await browser.GetFromJsonAsync<JsonElement>("/me", ct);
        Assert.Equal(_user.UserId, me.GetProperty("user_id").GetString());
        Assert.Equal("magic_link", me.GetProperty("authentication_factors")[0].GetProperty("type").GetString());
        Assert.Null(cookies.GetCookies(BffFactory.SpaBaseAddress)[link.FlowCookie]);
    }

    [Fact]
    public async Task AnAttackersOwnLinkOpenedInAVictimsBrowserDoesNotLogTheVictimIn()
    {
        // Login CSRF: the attacker asks for a link to their own address in their own browser, then makes the victim's
        // browser open it (a cross-site page sets location). The victim's browser never asked for that link.
        var ct = TestContext.Current.CancellationToken;
        var attacker = new TestUser("mallory@example.com", "attacker-password");
        var attackersLink = await SendLinkAsync(Factory.CreateSpaClient(), attacker.Email, null, ct);
        var victim = Factory.CreateSpaClient(csrf: false);
        await SendLinkAsync(Factory.CreateSpaClient(new CookieContainer()), _user.Email, null, ct); // someone else's pending link
        Factory.Stytch.On("POST", MagicLinkAuthenticate, FakeReply.Json(StytchShapes.Login(attacker, Factory.Clock.GetUtcNow(), "magic_link")));
        using var navigation = new HttpRequestMessage(HttpMethod.Get, attackersLink.Callback);
        navigation.Headers.Add("Accept", "text/html,application/xhtml+xml");
        navigation.Headers.Add("Sec-Fetch-Site", "cross-site");

        var response = await victim.SendAsync(navigation, ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?auth_error=magic_link_other_browser", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("__Host-bff-session=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(0, Factory.Stytch.Count("POST", MagicLinkAuthenticate)); // the token is not spent: it still works where it was asked for
        using var me = new HttpRequestMessage(HttpMethod.Get, "/me");
        me.Headers.Add("X-CSRF", "1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await victim.SendAsync(me, ct)).StatusCode);
    }

    [Fact]
    public async Task ALinkOpenedInAnotherBrowserIsAClearProblemForAScriptAndStytchIsNotCalled()
    {
        var ct = TestContext.Current.CancellationToken;
        var link = await SendLinkAsync(Factory.CreateSpaClient(), _user.Email, "/account", ct);

        var response = await Factory.CreateSpaClient().GetAsync(link.Callback, ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "magic_link_other_browser");
        Assert.Contains("browser", Problem.Text(problem, "error_message"), StringComparison.Ordinal);
        Assert.Equal(0, Factory.Stytch.Count("POST", MagicLinkAuthenticate));
    }

    [Theory]
    [InlineData("")]
    [InlineData("&flow=")]
    [InlineData("&flow=not-a-flow")]
    [InlineData("&flow=AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("&flow=..%2F..%2F")]
    public async Task AMagicLinkWithoutAFlowOfThisBrowserIsRefusedWithoutCallingStytch(string flowQuery)
    {
        var ct = TestContext.Current.CancellationToken;
        var browser = Factory.CreateSpaClient();
        await SendLinkAsync(browser, _user.Email, null, ct); // a pending flow of another link

        var response = await browser.GetAsync($"/auth/callback?stytch_token_type=magic_links&token={Uri.EscapeDataString(Token)}{flowQuery}", ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "magic_link_other_browser");
        Assert.Equal(0, Factory.Stytch.Count("POST", MagicLinkAuthenticate));
    }

    [Fact]
    public async Task AFlowCookieMovedToAnotherFlowsNameIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await SendLinkAsync(Factory.CreateSpaClient(), _user.Email, null, ct);
        var ownCookies = new CookieContainer();
        var second = await SendLinkAsync(Factory.CreateSpaClient(ownCookies), _user.Email, null, ct);
        var value = ownCookies.GetCookies(BffFactory.SpaBaseAddress)[second.FlowCookie]!.Value;
        var browser = Factory.CreateSpaClient(csrf: false);
        using var callback = new HttpRequestMessage(HttpMethod.Get, first.Callback);
        callback.Headers.Add("Cookie", $"{first.FlowCookie}={value}");

        var response = await browser.SendAsync(callback, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "magic_link_other_browser");
        Assert.Equal(0, Factory.Stytch.Count("POST", MagicLinkAuthenticate));
    }

    [Fact]
    public async Task AnExpiredFlowIsRefusedWithoutCallingStytch()
    {
        var ct = TestContext.Current.CancellationToken;
        var browser = Factory.CreateSpaClient();
        var link = await SendLinkAsync(browser, _user.Email, null, ct);
        Factory.Clock.Advance(TimeSpan.FromMinutes(16));

        var response = await browser.GetAsync(link.Callback, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "magic_link_other_browser");
        Assert.Equal(0, Factory.Stytch.Count("POST", MagicLinkAuthenticate));
    }

    [Fact]
    public async Task LinksRequestedFromSeveralTabsOfOneBrowserEachWorkAndReturnToTheirOwnPage()
    {
        var ct = TestContext.Current.CancellationToken;
        var browser = Factory.CreateSpaClient();
        var fromAccount = await SendLinkAsync(browser, _user.Email, "/account", ct);
        var fromApps = await SendLinkAsync(browser, _user.Email, "/apps", ct);
        Factory.Stytch.On("POST", MagicLinkAuthenticate, FakeReply.Json(StytchShapes.Login(_user, Factory.Clock.GetUtcNow(), "magic_link")));
        Factory.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());

        var first = await browser.GetAsync(fromAccount.Callback, ct);
        var second = await browser.GetAsync(fromApps.Callback, ct);

        Assert.Equal("/account", first.Headers.Location?.OriginalString);
        Assert.Equal("/apps", second.Headers.Location?.OriginalString);
        var verifiers = Factory.Stytch.Requests.Where(r => r.Path == MagicLinkAuthenticate)
            .Select(r => JsonDocument.Parse(r.Body!).RootElement.GetProperty("code_verifier").GetString()!)
            .Select(v => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(v))))
            .ToList();
        Assert.Equal([fromAccount.CodeChallenge, fromApps.CodeChallenge], verifiers);
    }

    [Fact]
    public async Task OnlyTheNewestFlowsOfABrowserAreKeptSoItsCookiesStayBounded()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var browser = Factory.CreateSpaClient(cookies);
        var links = new List<SentLink>();
        for (var i = 0; i < 8; i++)
        {
            links.Add(await SendLinkAsync(browser, _user.Email, $"/page{i}", ct));
            Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var kept = cookies.GetCookies(BffFactory.SpaBaseAddress).Where(c => c.Name.StartsWith(FlowCookiePrefix, StringComparison.Ordinal)).Select(c => c.Name).ToHashSet();

        Assert.Equal(links.Skip(3).Select(l => l.FlowCookie).ToHashSet(), kept);
    }

    [Fact]
    public async Task WithCrossDeviceLinksAllowedNoChallengeIsSentAndAnotherBrowserCanUseTheLink()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Settings["MagicLinks:AllowCrossDevice"] = "true";
        Factory.Stytch.On("POST", LoginOrCreate, FakeReply.Json(StytchShapes.MagicLinkSent(_user)));
        Factory.Stytch.On("POST", MagicLinkAuthenticate, FakeReply.Json(StytchShapes.Login(_user, Factory.Clock.GetUtcNow(), "magic_link")));

        var sent = await Factory.CreateSpaClient().PostAsJsonAsync("/auth/magic-link", new { email = _user.Email, return_url = "/settings" }, ct);

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.False(sent.Headers.Contains("Set-Cookie"));
        using var body = JsonDocument.Parse(Factory.Stytch.Requests[0].Body!);
        Assert.False(body.RootElement.TryGetProperty("code_challenge", out _));
        var link = body.RootElement.GetProperty("login_magic_link_url").GetString()!;
        Assert.Equal("https://app.example.test/auth/callback?return_url=%2Fsettings", link);
        var response = await Factory.CreateSpaClient().GetAsync(new Uri(link).PathAndQuery + $"&stytch_token_type=magic_links&token={Uri.EscapeDataString(Token)}", ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/settings", response.Headers.Location?.OriginalString);
        using var exchange = JsonDocument.Parse(Factory.Stytch.Requests[^1].Body!);
        Assert.False(exchange.RootElement.TryGetProperty("code_verifier", out _));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("/%2F%2Fevil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("settings")]
    [InlineData("/a\r\nSet-Cookie: x=y")]
    public async Task ANonLocalReturnUrlIsRefusedBeforeStytchIsCalled(string returnUrl)
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await Factory.CreateSpaClient().PostAsJsonAsync("/auth/magic-link", new { email = _user.Email, return_url = returnUrl }, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_return_url");
        Assert.Empty(Factory.Stytch.Requests);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task AnInvalidEmailIsRefusedBeforeStytchIsCalled()
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await Factory.CreateSpaClient().PostAsJsonAsync("/auth/magic-link", new { email = new string('a', 300) + "@example.com" }, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Empty(Factory.Stytch.Requests);
    }

    [Fact]
    public async Task SendingAMagicLinkIsNeverRetriedSoNoSecondEmailGoesOutAndNoFlowStarts()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Stytch.On("POST", LoginOrCreate, FakeReply.Error(500, "internal_server_error", "Oops."));

        var response = await Factory.CreateSpaClient().PostAsJsonAsync("/auth/magic-link", new { email = _user.Email }, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadGateway, "internal_server_error");
        Assert.Equal(1, Factory.Stytch.Count("POST", LoginOrCreate));
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData(404, "magic_link_not_found", "Magic link could not be found.")]
    [InlineData(401, "unable_to_auth_magic_link", "The magic link could not be authenticated because it was either already used or expired.")]
    [InlineData(400, "pkce_mismatch", "The submitted code_verifier does not match the code_challenge sent at the start of the flow.")]
    public async Task AUsedExpiredOrUnverifiableMagicLinkIsAProblemWithStytchsFields(int stytchStatus, string errorType, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        var browser = Factory.CreateSpaClient();
        var link = await SendLinkAsync(browser, _user.Email, null, ct);
        var stytchBody = StytchShapes.Error(stytchStatus, errorType, message);
        Factory.Stytch.On("POST", MagicLinkAuthenticate, FakeReply.Json(stytchBody, stytchStatus));

        var response = await browser.GetAsync(link.Callback, ct);

        var problem = await Problem.AssertAsync(response, stytchStatus == 400 ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized, errorType);
        Assert.Equal(StytchShapes.RequestIdOf(stytchBody), Problem.Text(problem, "request_id"));
        Assert.Equal(message, Problem.Text(problem, "error_message"));
        Assert.StartsWith("https://stytch.com/docs/", Problem.Text(problem, "error_url"), StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("__Host-bff-session=", StringComparison.Ordinal)));
        Assert.Equal(1, Factory.Stytch.Count("POST", MagicLinkAuthenticate));
    }

    [Fact]
    public async Task APersonFollowingAFailedLinkIsSentBackToTheSpaWithTheErrorType()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var link = await SendLinkAsync(Factory.CreateSpaClient(cookies), _user.Email, null, ct);
        var browser = Factory.CreateSpaClient(cookies, csrf: false);
        Factory.Stytch.On("POST", MagicLinkAuthenticate, FakeReply.Error(404, "magic_link_not_found", "Magic link could not be found."));
        using var navigation = new HttpRequestMessage(HttpMethod.Get, link.Callback);
        navigation.Headers.Add("Accept", "text/html,application/xhtml+xml");

        var response = await browser.SendAsync(navigation, ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?auth_error=magic_link_not_found", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("__Host-bff-session=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheMagicLinkExchangeIsNeverRetriedAndTheFlowSurvivesAStytchOutage()
    {
        var ct = TestContext.Current.CancellationToken;
        var browser = Factory.CreateSpaClient();
        var link = await SendLinkAsync(browser, _user.Email, null, ct);
        Factory.Stytch.On("POST", MagicLinkAuthenticate, FakeReply.Error(500, "internal_server_error", "Oops."), FakeReply.Json(StytchShapes.Login(_user, Factory.Clock.GetUtcNow(), "magic_link")));

        var failed = await browser.GetAsync(link.Callback, ct);
        var again = await browser.GetAsync(link.Callback, ct);

        await Problem.AssertAsync(failed, HttpStatusCode.BadGateway);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode); // the same link, opened again once Stytch is back
        Assert.Equal(2, Factory.Stytch.Count("POST", MagicLinkAuthenticate));
    }

    [Theory]
    [InlineData("/auth/callback?stytch_token_type=magic_links", "invalid_token")]
    [InlineData("/auth/callback?stytch_token_type=magic_links&token=short", "invalid_token")]
    [InlineData("/auth/callback?stytch_token_type=magic_links&token=abc%2F..%2F..%2Fusers12", "invalid_token")]
    [InlineData("/auth/callback?stytch_token_type=passwords&token=abcdefgh12345678", "invalid_token_type")]
    [InlineData("/auth/callback?token=abcdefgh12345678", "invalid_token_type")]
    public async Task AMalformedCallbackIs400WithoutCallingStytch(string url, string errorType)
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await Factory.CreateSpaClient().GetAsync(url, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, errorType);
        Assert.Empty(Factory.Stytch.Requests);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("1441")]
    [InlineData("-1")]
    public void AMagicLinkLifetimeOutsideItsRangeIsRefusedAtStartUpNamingTheKey(string minutes)
    {
        var result = new MagicLinkOptionsValidator().Validate(null, new MagicLinkOptions { ExpirationMinutes = int.Parse(minutes, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("MagicLinks:ExpirationMinutes", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void CrossDeviceLinksAreOffByDefault() => Assert.False(new MagicLinkOptions().AllowCrossDevice);

    /// <summary>What the emailed link looks like once Stytch added its token, and the flow it belongs to.</summary>
    private sealed record SentLink(string Callback, string FlowCookie, string CodeChallenge);

    /// <summary>Asks for a link as the SPA does; returns the link's path and query as Stytch would email it.</summary>
    private async Task<SentLink> SendLinkAsync(HttpClient browser, string email, string? returnUrl, CancellationToken ct)
    {
        Factory.Stytch.On("POST", LoginOrCreate, FakeReply.Json(StytchShapes.MagicLinkSent(_user)));
        var before = Factory.Stytch.Count("POST", LoginOrCreate);
        var response = await browser.PostAsJsonAsync("/auth/magic-link", new { email, return_url = returnUrl }, ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sent = Factory.Stytch.Requests.Where(r => r.Path == LoginOrCreate).ElementAt(before);
        using var body = JsonDocument.Parse(sent.Body!);
        var url = new Uri(body.RootElement.GetProperty("login_magic_link_url").GetString()!);
        var flow = QueryHelpers.ParseQuery(url.Query).TryGetValue("flow", out var id) ? id.ToString() : "";
        var challenge = body.RootElement.TryGetProperty("code_challenge", out var c) ? c.GetString()! : "";
        return new SentLink($"{url.PathAndQuery}&stytch_token_type=magic_links&token={Uri.EscapeDataString(Token)}", FlowCookiePrefix + flow, challenge);
    }
}
