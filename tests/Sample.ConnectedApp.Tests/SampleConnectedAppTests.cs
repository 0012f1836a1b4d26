using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Sample.ConnectedApp.Tests.Infrastructure;

namespace Sample.ConnectedApp.Tests;

/// <summary>The sample Connected App on real Kestrel against a strict loopback identity provider.</summary>
public sealed class SampleConnectedAppTests : IAsyncLifetime
{
    private FakeIdentityProvider _idp = null!;
    private SampleConnectedAppHost _app = null!;
    private HttpClient _browser = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _idp = await FakeIdentityProvider.StartAsync(ct);
        _app = await SampleConnectedAppHost.StartAsync(
            new SampleConnectedAppSettings { Issuer = _idp.BaseUrl },
            (redirectUri, _) => Task.FromResult(new ClientRegistration(FakeIdentityProvider.ClientId, FakeIdentityProvider.ClientSecret, redirectUri)),
            cancellationToken: ct);
        _browser = Browser();
    }

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        await _app.DisposeAsync();
        await _idp.DisposeAsync();
    }

    [Fact]
    public async Task ConnectSendsTheBrowserToTheAuthorizationEndpointWithPkceS256StateAndNonce()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _browser.GetAsync("/connect", ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(FakeIdentityProvider.AuthorizationEndpoint, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(FakeIdentityProvider.ClientId, query["client_id"].ToString());
        Assert.Equal(new Uri(_app.BaseAddress, "callback").AbsoluteUri, query["redirect_uri"].ToString());
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("openid email profile", query["scope"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["code_challenge"].ToString());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["state"].ToString());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["nonce"].ToString());
        var cookie = Assert.Single(SetCookieHeaderValue.ParseList([.. response.Headers.GetValues("Set-Cookie")]));
        Assert.Equal(BrowserStates.CookieName, cookie.Name.Value);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite); // comes back on the redirect from the consent page
        Assert.Empty(_idp.Unexpected);
    }

    [Fact]
    public async Task TheCallbackExchangesTheCodeWithTheVerifierOfItsChallengeAndShowsWhoItIsConnectedAs()
    {
        var ct = TestContext.Current.CancellationToken;

        await ConnectAsync(ct);
        var page = await _browser.GetStringAsync("/", ct);

        var exchange = Assert.Single(_idp.Requests, r => r.Path == "/v1/oauth2/token");
        Assert.Equal("authorization_code", exchange.Form["grant_type"]);
        Assert.Equal(new Uri(_app.BaseAddress, "callback").AbsoluteUri, exchange.Form["redirect_uri"]);
        Assert.StartsWith("Basic ", exchange.Authorization, StringComparison.Ordinal); // client_secret_basic
        Assert.DoesNotContain("client_secret", exchange.Form.Keys);
        Assert.NotNull(exchange.IssuedToken); // the fake checked the verifier against the challenge of /connect
        var userInfo = Assert.Single(_idp.Requests, r => r.Path == "/v1/oauth2/userinfo");
        Assert.Equal($"Bearer {exchange.IssuedToken}", userInfo.Authorization);
        Assert.Contains("Connected as</dt><dd id=\"connected-as\">Ada Lovelace (ada@example.com)</dd>", page, StringComparison.Ordinal);
        Assert.Contains("user-test-ada", page, StringComparison.Ordinal);
        Assert.DoesNotContain(exchange.IssuedToken!, page, StringComparison.Ordinal); // tokens stay on the server
        Assert.Empty(_idp.Unexpected);
    }

    [Fact]
    public async Task ACallbackWithAnotherStateIsRefusedAndNoCodeIsExchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, challenge) = await StartAsync(ct);
        var code = _idp.IssueCode(challenge, new Uri(_app.BaseAddress, "callback").AbsoluteUri);

        using var response = await _browser.GetAsync($"/callback?code={code}&state=forged-state", ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("does not belong to a connection started here", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.DoesNotContain(_idp.Requests, r => r.Path == "/v1/oauth2/token");
    }

    [Fact]
    public async Task ACallbackInABrowserThatDidNotStartTheConnectionIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (state, challenge) = await StartAsync(ct);
        var code = _idp.IssueCode(challenge, new Uri(_app.BaseAddress, "callback").AbsoluteUri);
        using var otherBrowser = Browser();

        using var response = await otherBrowser.GetAsync($"/callback?code={code}&state={state}", ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(_idp.Requests, r => r.Path == "/v1/oauth2/token");
    }

    [Fact]
    public async Task AStateIsUsedOnceSoAReplayedCallbackIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (state, challenge) = await StartAsync(ct);
        var code = _idp.IssueCode(challenge, new Uri(_app.BaseAddress, "callback").AbsoluteUri);
        using var first = await _browser.GetAsync($"/callback?code={code}&state={state}", ct);

        using var replay = await _browser.GetAsync($"/callback?code={code}&state={state}", ct);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Single(_idp.Requests, r => r.Path == "/v1/oauth2/token");
    }

    [Fact]
    public async Task ADeniedRequestShowsThatTheUserDeclinedAndNothingIsExchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var (state, _) = await StartAsync(ct);

        using var callback = await _browser.GetAsync($"/callback?error=access_denied&state={state}", ct);
        var page = await _browser.GetStringAsync("/", ct);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Contains("You declined to connect Sample third-party app. Nothing was shared with it.", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/connect\">Connect</a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(_idp.Requests, r => r.Path == "/v1/oauth2/token");
    }

    [Fact]
    public async Task CallAgainShowsThatAccessWorksWhileTheTokenIsActive()
    {
        var ct = TestContext.Current.CancellationToken;
        await ConnectAsync(ct);

        var page = await CallAgainAsync(ct);

        Assert.Contains("<h2 id=\"check-title\">Access works</h2>", page, StringComparison.Ordinal);
        Assert.Contains("Introspection</strong> (asks the identity provider): the token is active", page, StringComparison.Ordinal);
        Assert.Contains("Userinfo</strong>: HTTP 200, you are ada@example.com", page, StringComparison.Ordinal);
        var introspection = Assert.Single(_idp.Requests, r => r.Path == "/v1/oauth2/introspect");
        Assert.Equal("access_token", introspection.Form["token_type_hint"]);
        Assert.Empty(_idp.Unexpected);
    }

    [Fact]
    public async Task CallAgainShowsPlainlyThatAccessWasRevokedWhileTheJwtStillVerifiesLocally()
    {
        var ct = TestContext.Current.CancellationToken;
        await ConnectAsync(ct);
        _idp.RevokeAll();

        var page = await CallAgainAsync(ct);

        Assert.Contains("<h2 id=\"check-title\">Access revoked</h2>", page, StringComparison.Ordinal);
        Assert.Contains("the token is no longer active", page, StringComparison.Ordinal);
        Assert.Contains("refused the token (HTTP 401: invalid_token)", page[page.IndexOf("<ul>", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("Local JWT check</strong> (signature, issuer, expiry; no network): the signature is valid until", page, StringComparison.Ordinal);
        Assert.Contains("a resource server that only verifies JWTs locally would still accept it", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/connect\">Connect again</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallAgainSaysItCouldNotCheckWhenTheIdentityProviderIsDown()
    {
        var ct = TestContext.Current.CancellationToken;
        await ConnectAsync(ct);
        _idp.Down = true;

        var page = await CallAgainAsync(ct);

        Assert.Contains("<h2 id=\"check-title\">Could not check the access</h2>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Access works", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Access revoked", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectWhileTheIdentityProviderIsDownIsABadGatewayPage()
    {
        var ct = TestContext.Current.CancellationToken;
        _idp.Down = true;

        using var response = await _browser.GetAsync("/connect", ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("The identity provider could not be reached.", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatTheIdentityProviderSaysIsShownAsTextNeverAsHtml()
    {
        var ct = TestContext.Current.CancellationToken;
        _idp.User["name"] = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        await ConnectAsync(ct);

        using var response = await _browser.GetAsync("/", ct);
        var page = await response.Content.ReadAsStringAsync(ct);

        Assert.DoesNotContain("<script>", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnErrorDescriptionInTheCallbackIsShownAsText()
    {
        var ct = TestContext.Current.CancellationToken;
        var (state, _) = await StartAsync(ct);

        await _browser.GetAsync($"/callback?error=invalid_scope&error_description={Uri.EscapeDataString("<b>bold</b>")}&state={state}", ct);
        var page = await _browser.GetStringAsync("/", ct);

        Assert.Contains("The connection was refused: invalid_scope (&lt;b&gt;bold&lt;/b&gt;).", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormPostFromAnotherOriginIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await ConnectAsync(ct);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/disconnect");
        post.Headers.Add("Origin", "https://evil.example");

        using var response = await _browser.SendAsync(post, ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Connected as", await _browser.GetStringAsync("/", ct), StringComparison.Ordinal);
        Assert.DoesNotContain(_idp.Requests, r => r.Path == "/v1/oauth2/revoke");
    }

    [Fact]
    public async Task DisconnectGivesTheTokenBackAndForgetsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await ConnectAsync(ct);
        var token = _idp.Requests.Single(r => r.Path == "/v1/oauth2/token").IssuedToken;

        using var response = await _browser.PostAsync("/disconnect", null, ct);
        var page = await _browser.GetStringAsync("/", ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var revoke = Assert.Single(_idp.Requests, r => r.Path == "/v1/oauth2/revoke");
        Assert.Equal(token, revoke.Form["token"]);
        Assert.Equal(FakeIdentityProvider.ClientId, revoke.Form["client_id"]);
        Assert.Contains("Disconnected: this app gave its token back and forgot it.", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/connect\">Connect</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryPageCarriesNoStoreNoCrossSiteReferrerAndNoFraming()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await _browser.GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single()); // the callback URL carries the code
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    private HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
    {
        BaseAddress = _app.BaseAddress,
    };

    /// <summary>GET /connect: the state and the PKCE challenge of the authorization request it sent the browser with.</summary>
    private async Task<(string State, string Challenge)> StartAsync(CancellationToken ct)
    {
        using var connect = await _browser.GetAsync("/connect", ct);
        var query = QueryHelpers.ParseQuery(connect.Headers.Location!.Query);
        return (query["state"].ToString(), query["code_challenge"].ToString());
    }

    /// <summary>The whole connection, the consent page's part played by the fake: connect, code, callback.</summary>
    private async Task ConnectAsync(CancellationToken ct)
    {
        var (state, challenge) = await StartAsync(ct);
        var code = _idp.IssueCode(challenge, new Uri(_app.BaseAddress, "callback").AbsoluteUri);
        using var callback = await _browser.GetAsync($"/callback?code={code}&state={state}", ct);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/", callback.Headers.Location?.OriginalString);
    }

    private async Task<string> CallAgainAsync(CancellationToken ct)
    {
        using var check = await _browser.PostAsync("/check", null, ct);
        Assert.Equal(HttpStatusCode.Redirect, check.StatusCode);
        return await _browser.GetStringAsync("/", ct);
    }
}
