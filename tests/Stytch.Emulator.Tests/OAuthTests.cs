using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary>OAuth through the simulated provider page, and <c>POST /v1/oauth/authenticate</c>.</summary>
public sealed class OAuthTests
{
    private const string Verifier = "pkce-verifier-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ";

    private static string Challenge => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    [Fact]
    public async Task StartServesASimulatedProviderPageThatWorksWithoutJavaScript()
    {
        await using var host = await TestEmulator.StartAsync();
        using var browser = OAuthFlow.Browser(host);

        using var response = await browser.GetAsync(OAuthFlow.StartPath(host), TestContext.Current.CancellationToken);
        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Sign in with Google — Stytch emulator</title>", page, StringComparison.Ordinal);
        Assert.Contains("<input id=\"email\" name=\"email\" type=\"email\" value=\"demo@example.com\" required>", page, StringComparison.Ordinal);
        Assert.Contains("<button id=\"continue\" type=\"submit\">Continue as demo@example.com</button>", page, StringComparison.Ordinal);
        Assert.Equal("/emulator/oauth/continue", OAuthFlow.FormAction(page));
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.False(host.Calls.Last("oauth.start")!.Authorized);
    }

    [Fact]
    public async Task StartWithAWrongPublicTokenIsRejected()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host, withCredentials: false);

        var response = await api.GetAsync(OAuthFlow.StartPath(host, publicToken: "public-token-test-wrong"));

        StytchAssert.Error(response, 401, "unauthorized_credentials");
    }

    [Fact]
    public async Task UnknownProviderIsRouteNotFound()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host, withCredentials: false);

        var response = await api.GetAsync(OAuthFlow.StartPath(host, provider: "myspace"));

        StytchAssert.Error(response, 404, "route_not_found");
    }

    [Fact]
    public async Task ContinueRedirectsToTheAppWithAnOAuthToken()
    {
        await using var host = await TestEmulator.StartAsync();

        var redirect = await OAuthFlow.SignInAsync(host, Demo.Email);

        Assert.StartsWith(OAuthFlow.LoginRedirect + "?stytch_token_type=oauth&token=", redirect.AbsoluteUri, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_-]{44}$", OAuthFlow.Token(redirect));
    }

    [Fact]
    public async Task ContinueAlsoWorksAsAGetRequest()
    {
        await using var host = await TestEmulator.StartAsync();
        using var browser = OAuthFlow.Browser(host);
        var ct = TestContext.Current.CancellationToken;
        var state = OAuthFlow.State(await browser.GetStringAsync(OAuthFlow.StartPath(host), ct));

        using var response = await browser.GetAsync($"emulator/oauth/continue?state={Uri.EscapeDataString(state)}&email=demo%40example.com", ct);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.NotEmpty(OAuthFlow.Token(response.Headers.Location!));
    }

    [Fact]
    public async Task AuthenticateNamesTheSessionUserSession()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var token = OAuthFlow.Token(await OAuthFlow.SignInAsync(host, Demo.Email));

        var response = await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = token, ["session_duration_minutes"] = 60 });

        StytchAssert.Ok(response);
        var body = response.Json;
        Assert.False(body.TryGetProperty("session", out _));
        var session = body.GetProperty("user_session");
        Assert.Equal(host.FindUserId(Demo.Email), body.GetProperty("user_id").GetString());
        Assert.Equal("Google", body.GetProperty("provider_type").GetString());
        Assert.Equal(body.GetProperty("oauth_user_registration_id").GetString(), body.GetProperty("user").GetProperty("providers")[0].GetProperty("oauth_user_registration_id").GetString());
        var factor = session.GetProperty("authentication_factors")[0];
        Assert.Equal("oauth", factor.GetProperty("type").GetString());
        Assert.Equal("oauth_google", factor.GetProperty("delivery_method").GetString());
        Assert.Equal(body.GetProperty("provider_subject").GetString(), factor.GetProperty("google_oauth_factor").GetProperty("provider_subject").GetString());
    }

    [Fact]
    public async Task TokenWorksOnlyOnce()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var token = OAuthFlow.Token(await OAuthFlow.SignInAsync(host, Demo.Email));

        var first = await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = token });
        var second = await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = token });

        StytchAssert.Ok(first);
        StytchAssert.Error(second, 404, "oauth_token_not_found");
    }

    [Fact]
    public async Task PkceMismatchIsRejectedAndTheRightVerifierStillWorks()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var token = OAuthFlow.Token(await OAuthFlow.SignInAsync(host, Demo.Email, Challenge));

        var missing = await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = token });
        var wrong = await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = token, ["code_verifier"] = Verifier + "x" });
        var right = await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = token, ["code_verifier"] = Verifier, ["session_duration_minutes"] = 5 });

        StytchAssert.Error(missing, 400, "pkce_mismatch");
        StytchAssert.Error(wrong, 400, "pkce_mismatch");
        StytchAssert.Ok(right);
        Assert.Equal("oauth", right.Json.GetProperty("user_session").GetProperty("authentication_factors")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task AVerifierWithoutAChallengeIsAMismatch()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var token = OAuthFlow.Token(await OAuthFlow.SignInAsync(host, Demo.Email));

        var response = await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = token, ["code_verifier"] = Verifier });

        StytchAssert.Error(response, 400, "pkce_mismatch");
    }

    [Fact]
    public async Task SigningInWithANewEmailCreatesTheUser()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var token = OAuthFlow.Token(await OAuthFlow.SignInAsync(host, "new.oauth@example.com", provider: "github"));
        var response = await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = token });

        StytchAssert.Ok(response);
        Assert.Equal(host.FindUserId("new.oauth@example.com"), response.Text("user_id"));
        Assert.Equal("Github", response.Text("provider_type"));
        Assert.False(response.Json.TryGetProperty("user_session", out _));
    }

    [Fact]
    public async Task ExpiredTokenIsOAuthTokenNotFound()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var token = OAuthFlow.Token(await OAuthFlow.SignInAsync(host, Demo.Email));

        host.Clock.Advance(TimeSpan.FromMinutes(11));
        var response = await api.PostAsync("v1/oauth/authenticate", new JsonObject { ["token"] = token });

        StytchAssert.Error(response, 404, "oauth_token_not_found");
    }
}
