using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Bff.Tests.Auth;

public sealed class OAuthTests : BffTest
{
    private const string OAuthAuthenticate = "/v1/oauth/authenticate";
    private const string Token = "oauth-token-test-0123456789abcdef";
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Fact]
    public async Task StartingOAuthRedirectsToStytchWithThePublicTokenRedirectUrlsAndAPkceChallenge()
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await Factory.CreateSpaClient(csrf: false).GetAsync("/auth/oauth/google?return_url=%2Fapps", ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(new Uri(FakeStytch.BaseUrl, "v1/public/oauth/google/start").AbsoluteUri, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("public-token-test-fake", query["public_token"].ToString());
        Assert.Equal("https://app.example.test/auth/callback", query["login_redirect_url"].ToString());
        Assert.Equal("https://app.example.test/auth/callback", query["signup_redirect_url"].ToString());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["code_challenge"].ToString()); // base64url(SHA-256)
        var flow = Assert.Single(SetCookieHeaderValue.ParseList(response.Headers.GetValues("Set-Cookie").ToList()));
        Assert.Equal("__Host-bff-oauth", flow.Name.Value);
        Assert.True(flow.HttpOnly);
        Assert.True(flow.Secure);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, flow.SameSite); // must come back on the top-level redirect
        Assert.Equal("/", flow.Path.Value);
        Assert.True(flow.Domain.Value is null);
        Assert.Equal(TimeSpan.FromMinutes(10), flow.MaxAge);
        Assert.DoesNotContain("/apps", flow.Value.Value, StringComparison.Ordinal); // the flow state is protected
        Assert.Empty(Factory.Stytch.Requests);
    }

    [Fact]
    public async Task WithABrowserBaseUrlTheBrowserIsSentThereWhileTheBffStillCallsStytchAtItsBaseUrl()
    {
        // docker-compose's dev profile: the BFF reaches the emulator as http://stytch-emulator:8080/, the browser as
        // http://localhost:9010/.
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new BffFactory();
        factory.Settings["Stytch:BrowserBaseUrl"] = "http://localhost:9010/";
        factory.Stytch.On("POST", OAuthAuthenticate, FakeReply.Json(StytchShapes.OAuthLogin(_user, factory.Clock.GetUtcNow())));
        var browser = factory.CreateSpaClient(csrf: false);

        var start = await browser.GetAsync("/auth/oauth/google", ct);
        var callback = await browser.GetAsync($"/auth/callback?stytch_token_type=oauth&token={Token}", ct);

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal("http://localhost:9010/v1/public/oauth/google/start", start.Headers.Location!.GetLeftPart(UriPartial.Path));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/", callback.Headers.Location!.OriginalString);
        Assert.Single(factory.Stytch.Requests, r => r.Path == OAuthAuthenticate); // at stytch.fake: the double refuses any other host
    }

    [Fact]
    public async Task TheOAuthCallbackSendsTheVerifierOfTheChallengeStartsASessionAndRedirectsToTheFlowsReturnUrl()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Stytch.On("POST", OAuthAuthenticate, FakeReply.Json(StytchShapes.OAuthLogin(_user, Factory.Clock.GetUtcNow())));
        var browser = Factory.CreateSpaClient(csrf: false);
        var start = await browser.GetAsync("/auth/oauth/google?return_url=%2Fapps%3Fx%3D1", ct);
        var challenge = QueryHelpers.ParseQuery(start.Headers.Location!.Query)["code_challenge"].ToString();

        // return_url on the callback is ignored for OAuth: the flow cookie carries it.
        var callback = await browser.GetAsync($"/auth/callback?stytch_token_type=oauth&token={Token}&return_url=%2Felsewhere", ct);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/apps?x=1", callback.Headers.Location?.OriginalString);
        var cookies = SetCookieHeaderValue.ParseList(callback.Headers.GetValues("Set-Cookie").ToList());
        Assert.Contains(cookies, c => c.Name == "__Host-bff-session" && c.Value.Length > 0);
        Assert.Contains(cookies, c => c.Name == "__Host-bff-oauth" && c.Expires < DateTimeOffset.UtcNow); // single use
        var sent = Assert.Single(Factory.Stytch.Requests);
        using var body = JsonDocument.Parse(sent.Body!);
        Assert.Equal(Token, body.RootElement.GetProperty("token").GetString());
        var verifier = body.RootElement.GetProperty("code_verifier").GetString()!;
        Assert.Equal(challenge, WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        using var fetch = new HttpRequestMessage(HttpMethod.Get, "/me");
        fetch.Headers.Add("X-CSRF", "1");
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(fetch, ct)).StatusCode);
    }

    [Fact]
    public async Task AnOAuthCallbackWithoutTheFlowCookieIs400AndStytchIsNotCalled()
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await Factory.CreateSpaClient().GetAsync($"/auth/callback?stytch_token_type=oauth&token={Token}", ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "oauth_flow_not_found");
        Assert.Empty(Factory.Stytch.Requests);
    }

    [Fact]
    public async Task AnExpiredOAuthFlowIs400AndStytchIsNotCalled()
    {
        var ct = TestContext.Current.CancellationToken;
        var browser = Factory.CreateSpaClient(csrf: false);
        await browser.GetAsync("/auth/oauth/google", ct);
        Factory.Clock.Advance(TimeSpan.FromMinutes(11));

        var response = await browser.GetAsync($"/auth/callback?stytch_token_type=oauth&token={Token}", ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "oauth_flow_not_found");
        Assert.Empty(Factory.Stytch.Requests);
    }

    [Theory]
    [InlineData(404, "oauth_token_not_found", HttpStatusCode.Unauthorized)]
    [InlineData(500, "internal_server_error", HttpStatusCode.BadGateway)]
    public async Task AFailedOAuthExchangeMapsLikeALoginAndIsNeverRetried(int stytchStatus, string errorType, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Stytch.On("POST", OAuthAuthenticate, FakeReply.Error(stytchStatus, errorType, "Stytch said no."));
        var browser = Factory.CreateSpaClient(csrf: false);
        await browser.GetAsync("/auth/oauth/google", ct);

        var response = await browser.GetAsync($"/auth/callback?stytch_token_type=oauth&token={Token}", ct);

        await Problem.AssertAsync(response, expected, errorType);
        Assert.Equal(1, Factory.Stytch.Count("POST", OAuthAuthenticate));
    }

    [Theory]
    [InlineData("/auth/oauth/Google", HttpStatusCode.BadRequest)]
    [InlineData("/auth/oauth/g", HttpStatusCode.BadRequest)]
    [InlineData("/auth/oauth/goo%2Fgle", HttpStatusCode.BadRequest)]
    [InlineData("/auth/oauth/%2E%2E", HttpStatusCode.NotFound)]
    [InlineData("/auth/oauth/google?return_url=https%3A%2F%2Fevil.example", HttpStatusCode.BadRequest)]
    [InlineData("/auth/oauth/google?return_url=%2F%2Fevil.example", HttpStatusCode.BadRequest)]
    public async Task ABadProviderOrReturnUrlIsAProblemAndNoFlowStarts(string url, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await Factory.CreateSpaClient().GetAsync(url, ct);

        await Problem.AssertAsync(response, expected);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task OAuthWithoutAPublicTokenIs404NotConfigured()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Settings["Stytch:PublicToken"] = null;

        var response = await Factory.CreateSpaClient().GetAsync("/auth/oauth/google", ct);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "oauth_not_configured");
    }
}
