using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary>Magic links: login_or_create, the dev inbox, and authenticate.</summary>
public sealed class MagicLinkTests
{
    [Fact]
    public async Task LoginOrCreateCreatesAnUnknownUserAndSendsTheLinkToTheInbox()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await SendAsync(api, "ada.new@example.com", "http://localhost:3000/authenticate");

        StytchAssert.Ok(response);
        Assert.True(response.Json.GetProperty("user_created").GetBoolean());
        Assert.Equal(host.FindUserId("ada.new@example.com"), response.Text("user_id"));
        var message = host.Inbox.Latest("ada.new@example.com");
        Assert.NotNull(message);
        Assert.Equal($"http://localhost:3000/authenticate?stytch_token_type=magic_links&token={message.Token}", message.Link.AbsoluteUri);
        Assert.Matches("^[A-Za-z0-9_-]{44}$", message.Token);
    }

    [Fact]
    public async Task LoginOrCreateFindsAnExistingUser()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await SendAsync(api, Demo.Email, "http://localhost:3000/authenticate");

        StytchAssert.Ok(response);
        Assert.False(response.Json.GetProperty("user_created").GetBoolean());
        Assert.Equal(host.FindUserId(Demo.Email), response.Text("user_id"));
    }

    [Fact]
    public async Task LinkAppendsTheTokenWithAnAmpersandWhenTheUrlHasAQuery()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        await SendAsync(api, Demo.Email, "https://app.example.com/cb?returnUrl=%2Fme#top");

        var message = host.Inbox.Latest(Demo.Email)!;
        Assert.Equal($"https://app.example.com/cb?returnUrl=%2Fme&stytch_token_type=magic_links&token={message.Token}#top", message.Link.OriginalString);
    }

    [Fact]
    public async Task AuthenticateExchangesTheTokenForASession()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var sent = await SendAsync(api, "ml@example.com", "http://localhost:3000/authenticate");
        var token = host.Inbox.Latest("ml@example.com")!.Token;

        var response = await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = token, ["session_duration_minutes"] = 60 });

        StytchAssert.Ok(response);
        Assert.Equal(sent.Text("user_id"), response.Text("user_id"));
        Assert.Equal(sent.Text("email_id"), response.Text("method_id"));
        Assert.False(response.Json.GetProperty("reset_sessions").GetBoolean());
        Assert.True(response.Json.GetProperty("user").GetProperty("emails")[0].GetProperty("verified").GetBoolean());
        var factor = response.Json.GetProperty("session").GetProperty("authentication_factors")[0];
        Assert.Equal("magic_link", factor.GetProperty("type").GetString());
        Assert.Equal("email", factor.GetProperty("delivery_method").GetString());
        Assert.Equal("ml@example.com", factor.GetProperty("email_factor").GetProperty("email_address").GetString());
        Assert.Equal(3, response.Text("session_jwt").Split('.').Length);
    }

    [Fact]
    public async Task TokenWorksOnlyOnce()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        await SendAsync(api, Demo.Email, "http://localhost:3000/authenticate");
        var token = host.Inbox.Latest(Demo.Email)!.Token;

        var first = await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = token });
        var second = await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = token });

        StytchAssert.Ok(first);
        StytchAssert.Error(second, 404, "magic_link_not_found");
    }

    [Fact]
    public async Task UnknownTokenIsMagicLinkNotFound()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = "no-such-token" });

        StytchAssert.Error(response, 404, "magic_link_not_found");
    }

    [Fact]
    public async Task ExpiredTokenIsUnableToAuthMagicLink()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        await api.PostAsync("v1/magic_links/email/login_or_create", new JsonObject
        {
            ["email"] = Demo.Email,
            ["login_magic_link_url"] = "http://localhost:3000/authenticate",
            ["login_expiration_minutes"] = 5,
        });
        var token = host.Inbox.Latest(Demo.Email)!.Token;

        host.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var response = await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = token });

        StytchAssert.Error(response, 401, "unable_to_auth_magic_link");
    }

    [Fact]
    public async Task PkceVerifierMustMatchTheChallenge()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        const string verifier = "a-code-verifier-that-is-long-enough-to-be-realistic-1234567890";
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        await api.PostAsync("v1/magic_links/email/login_or_create", new JsonObject { ["email"] = Demo.Email, ["code_challenge"] = challenge });
        var token = host.Inbox.Latest(Demo.Email)!.Token;

        var wrong = await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = token, ["code_verifier"] = "wrong" });
        var right = await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = token, ["code_verifier"] = verifier });

        StytchAssert.Error(wrong, 400, "pkce_mismatch");
        StytchAssert.Ok(right);
    }

    [Fact]
    public async Task ALinkSentWithAChallengeNeedsItsVerifierAndAFailedCheckDoesNotUseTheLinkUp()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        const string verifier = "another-code-verifier-that-is-long-enough-to-be-realistic-0987";
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        await api.PostAsync("v1/magic_links/email/login_or_create", new JsonObject { ["email"] = Demo.Email, ["code_challenge"] = challenge });
        var token = host.Inbox.Latest(Demo.Email)!.Token;

        var missing = await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = token, ["session_duration_minutes"] = 60 });
        var right = await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = token, ["code_verifier"] = verifier, ["session_duration_minutes"] = 60 });

        StytchAssert.Error(missing, 400, "pkce_mismatch");
        StytchAssert.Ok(right);
        Assert.False(string.IsNullOrEmpty(right.Text("session_token")));
    }

    [Fact]
    public async Task AVerifierForALinkSentWithoutAChallengeIsRefused()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        await api.PostAsync("v1/magic_links/email/login_or_create", new JsonObject { ["email"] = Demo.Email });
        var token = host.Inbox.Latest(Demo.Email)!.Token;

        var response = await api.PostAsync("v1/magic_links/authenticate", new JsonObject { ["token"] = token, ["code_verifier"] = "a-verifier-nobody-asked-for-0123456789abcdef" });

        StytchAssert.Error(response, 400, "pkce_mismatch");
        Assert.Equal("The submitted code_verifier does not match the code_challenge sent at the start of the flow.", response.Text("error_message"));
    }

    [Fact]
    public async Task WithoutARedirectUrlTheDefaultIsUsed()
    {
        await using var host = await TestEmulator.StartAsync(new EmulatorOptions { DefaultRedirectUrl = "http://localhost:5173/auth/callback" });
        using var api = new StytchApi(host);

        await api.PostAsync("v1/magic_links/email/login_or_create", new JsonObject { ["email"] = Demo.Email });

        Assert.StartsWith("http://localhost:5173/auth/callback?stytch_token_type=magic_links&token=", host.Inbox.Latest(Demo.Email)!.Link.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InboxServesTheLinksNewestFirstAsHtmlAndJson()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        await SendAsync(api, "first@example.com", "http://localhost:3000/a");
        await SendAsync(api, "second@example.com", "http://localhost:3000/b");

        var html = await api.GetAsync("emulator/inbox");
        var json = await api.GetAsync("emulator/inbox.json");

        Assert.Equal("text/html", html.MediaType);
        var second = html.Body.IndexOf("<a href=\"http://localhost:3000/b?stytch_token_type=magic_links&amp;token=", StringComparison.Ordinal);
        var first = html.Body.IndexOf("<a href=\"http://localhost:3000/a?stytch_token_type=magic_links&amp;token=", StringComparison.Ordinal);
        Assert.True(second >= 0 && first > second, html.Body);
        var messages = json.Json.GetProperty("messages");
        Assert.Equal(["second@example.com", "first@example.com"], messages.EnumerateArray().Select(m => m.GetProperty("to").GetString()));
        Assert.Equal(host.Inbox.Latest("second@example.com")!.Link.AbsoluteUri, messages[0].GetProperty("link").GetString());
    }

    private static Task<ApiResponse> SendAsync(StytchApi api, string email, string url) =>
        api.PostAsync("v1/magic_links/email/login_or_create", new JsonObject
        {
            ["email"] = email,
            ["login_magic_link_url"] = url,
            ["signup_magic_link_url"] = url,
        });
}
