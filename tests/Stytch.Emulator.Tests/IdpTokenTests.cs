using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary><c>POST /v1/oauth2/token</c>: the code exchange (client authentication, PKCE), token formats, and refresh.</summary>
public sealed class IdpTokenTests
{
    [Fact]
    public async Task TheCodeExchangeIssuesAnRs256AccessTokenAnIdTokenAndARefreshToken()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);

        var response = await IdpFlow.ConnectPartnerAsync(api, oauth, login, nonce: "nonce-42");
        var jwks = await api.GetAsync(".well-known/jwks.json");

        Assert.Equal("no-store", response.Header("Cache-Control"));
        Assert.Equal("bearer", response.Text("token_type"));
        Assert.Equal(3600, response.Json.GetProperty("expires_in").GetInt32());
        Assert.Equal("openid email profile offline_access", response.Text("scope"));
        StytchAssert.RequestId(response.Json);
        Assert.Matches("^[A-Za-z0-9_-]{44}$", response.Text("refresh_token"));

        var access = response.Text("access_token");
        var (header, claims) = JwtTools.Decode(access);
        Assert.Equal(["RS256", "JWT"], new[] { "alg", "typ" }.Select(p => header.GetProperty(p).GetString()));
        Assert.True(JwtTools.VerifiesWith(access, jwks.Json), "the access token's kid is in the JWKS and verifies");
        Assert.Equal(host.BaseUrl.AbsoluteUri.TrimEnd('/'), claims.GetProperty("iss").GetString());
        Assert.Equal(login.UserId, claims.GetProperty("sub").GetString());
        Assert.Equal([host.Options.ProjectId], claims.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(IdpFlow.PartnerApp, claims.GetProperty("client_id").GetString());
        Assert.Equal("openid email profile offline_access", claims.GetProperty("scope").GetString());
        Assert.Equal(3600, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.Equal(claims.GetProperty("iat").GetInt64(), claims.GetProperty("nbf").GetInt64());
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("jti").GetString()));

        var idToken = response.Text("id_token");
        var (_, id) = JwtTools.Decode(idToken);
        Assert.True(JwtTools.VerifiesWith(idToken, jwks.Json));
        Assert.Equal([IdpFlow.PartnerApp], id.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("nonce-42", id.GetProperty("nonce").GetString());
        Assert.Equal(login.UserId, id.GetProperty("sub").GetString());
        Assert.Equal(("Ada Lovelace", "demo@example.com", true),
            (id.GetProperty("name").GetString(), id.GetProperty("email").GetString(), id.GetProperty("email_verified").GetBoolean()));
    }

    [Fact]
    public async Task WithoutOpenidThereIsNoIdTokenAndWithoutOfflineAccessNoRefreshToken()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);

        var response = await IdpFlow.ConnectPartnerAsync(api, oauth, login, "email");

        Assert.Equal("email", response.Text("scope"));
        Assert.False(response.Json.TryGetProperty("id_token", out _));
        Assert.False(response.Json.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task AnIdTokenReleasesOnlyTheClaimsOfItsScopes()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);

        var response = await IdpFlow.ConnectPartnerAsync(api, oauth, login, "openid");
        var (_, id) = JwtTools.Decode(response.Text("id_token"));

        Assert.Equal(["aud", "exp", "iat", "iss", "nbf", "sub"], id.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClientSecretPostAndAJsonBodyWorkToo()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var formCode = await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid");
        var jsonCode = await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid");

        var form = await oauth.ExchangeCodeAsync(formCode, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, IdpFlow.PartnerRedirect, basic: false);
        var json = await oauth.PostJsonAsync("token", new JsonObject
        {
            ["grant_type"] = "authorization_code",
            ["code"] = jsonCode,
            ["client_id"] = IdpFlow.PartnerApp,
            ["client_secret"] = IdpFlow.PartnerSecret,
            ["redirect_uri"] = IdpFlow.PartnerRedirect,
        });

        Assert.True(form.Status == 200, form.Body);
        Assert.True(json.Status == 200, json.Body);
        Assert.False(string.IsNullOrEmpty(json.Text("access_token")));
    }

    [Fact]
    public async Task AWrongSecretIsInvalidClientWithABasicChallenge()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var code = await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid");

        var basic = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, "wrong-secret", IdpFlow.PartnerRedirect);
        var post = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, "wrong-secret", IdpFlow.PartnerRedirect, basic: false);
        var none = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, null, IdpFlow.PartnerRedirect, basic: false);
        var unknown = await oauth.ExchangeCodeAsync(code, Demo.UnknownApp, "x", IdpFlow.PartnerRedirect);
        var right = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, IdpFlow.PartnerRedirect);

        OAuthAssert.Error(basic, 401, "invalid_client");
        Assert.StartsWith("Basic", basic.Header("WWW-Authenticate"), StringComparison.Ordinal);
        OAuthAssert.Error(post, 401, "invalid_client");
        Assert.Null(post.Header("WWW-Authenticate"));
        OAuthAssert.Error(none, 401, "invalid_client");
        OAuthAssert.Error(unknown, 401, "invalid_client");
        Assert.True(right.Status == 200, "failed client authentication does not use the code up: " + right.Body);
    }

    [Fact]
    public async Task TwoClientAuthenticationMethodsAtOnceAreRefused()
    {
        await using var host = await TestEmulator.StartAsync();
        using var oauth = new OAuthClient(host);
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{IdpFlow.PartnerApp}:{IdpFlow.PartnerSecret}")));

        var response = await oauth.PostJsonAsync("token", new JsonObject
        {
            ["grant_type"] = "authorization_code",
            ["code"] = "whatever",
            ["client_secret"] = IdpFlow.PartnerSecret,
        }, basic);

        OAuthAssert.Error(response, 400, "invalid_request");
    }

    [Fact]
    public async Task APublicClientExchangesItsCodeWithTheVerifierAndNoSecret()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var (verifier, challenge) = IdpFlow.NewPkce();
        var code = await IdpFlow.CodeAsync(api, login, Demo.CliApp, IdpFlow.CliRedirect, "openid email", challenge);

        var missing = await oauth.ExchangeCodeAsync(code, Demo.CliApp, null, basic: false);
        var wrong = await oauth.ExchangeCodeAsync(code, Demo.CliApp, null, verifier: IdpFlow.NewPkce().Verifier, basic: false);
        var withSecret = await oauth.ExchangeCodeAsync(code, Demo.CliApp, "a-secret", verifier: verifier, basic: false);

        // As the official CLI example: JSON, client_id, code_verifier, code, grant_type, and no redirect_uri.
        var right = await oauth.PostJsonAsync("token", new JsonObject
        {
            ["client_id"] = Demo.CliApp,
            ["code_verifier"] = verifier,
            ["code"] = code,
            ["grant_type"] = "authorization_code",
        });

        OAuthAssert.Error(missing, 400, "invalid_grant");
        OAuthAssert.Error(wrong, 400, "invalid_grant");
        OAuthAssert.Error(withSecret, 401, "invalid_client");
        Assert.True(right.Status == 200, right.Body);
        Assert.Equal("openid email", right.Text("scope"));
    }

    [Fact]
    public async Task AVerifierWithoutAChallengeIsRefused()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var code = await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid");

        var response = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, verifier: IdpFlow.NewPkce().Verifier);

        OAuthAssert.Error(response, 400, "invalid_grant");
    }

    [Fact]
    public async Task ACodeIsSingleUseAndAReplayRevokesWhatItIssued()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var code = await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid offline_access");
        var first = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, IdpFlow.PartnerRedirect);

        var replay = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, IdpFlow.PartnerRedirect);

        Assert.True(first.Status == 200, first.Body);
        OAuthAssert.Error(replay, 400, "invalid_grant");
        OAuthAssert.Inactive(await oauth.IntrospectAsync(first.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
        OAuthAssert.Inactive(await oauth.IntrospectAsync(first.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
    }

    [Fact]
    public async Task ACodeExpiresAfterTenMinutes()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var code = await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid");

        host.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var response = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, IdpFlow.PartnerRedirect);

        OAuthAssert.Error(response, 400, "invalid_grant");
    }

    [Fact]
    public async Task ACodeIsBoundToItsClientAndRedirectUri()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var code = await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid");

        var otherClient = await oauth.ExchangeCodeAsync(code, Demo.DashboardApp, IdpFlow.DashboardSecret);
        var otherRedirect = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, "http://127.0.0.1:3001/callback");
        var right = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, IdpFlow.PartnerRedirect);

        OAuthAssert.Error(otherClient, 400, "invalid_grant");
        OAuthAssert.Error(otherRedirect, 400, "invalid_grant");
        Assert.True(right.Status == 200, right.Body);
    }

    [Theory]
    [InlineData(null, "invalid_request")]
    [InlineData("password", "unsupported_grant_type")]
    [InlineData("client_credentials", "unsupported_grant_type")]
    public async Task OnlyTheCodeAndRefreshGrantsAreSupported(string? grantType, string error)
    {
        await using var host = await TestEmulator.StartAsync();
        using var oauth = new OAuthClient(host);
        var form = new Dictionary<string, string>();
        if (grantType is not null)
        {
            form["grant_type"] = grantType;
        }

        var response = await oauth.PostFormAsync("token", form, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, basic: true);

        OAuthAssert.Error(response, 400, error);
    }

    [Theory]
    [InlineData("application/json", "[1,2]")]
    [InlineData("application/json", "{\"grant_type\":{\"nested\":true}}")]
    [InlineData("application/json", "{not json")]
    [InlineData("application/x-www-form-urlencoded", "grant_type=refresh_token&grant_type=authorization_code")]
    public async Task AMalformedBodyIsAnOAuthInvalidRequest(string contentType, string body)
    {
        await using var host = await TestEmulator.StartAsync();
        using var oauth = new OAuthClient(host);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/oauth2/token") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        var response = await oauth.SendAsync(request);

        OAuthAssert.Error(response, 400, "invalid_request");
    }

    [Fact]
    public async Task APublicClientsRefreshTokenIsRotatedAndReusingTheOldOneRevokesTheFamily()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var (verifier, challenge) = IdpFlow.NewPkce();
        var code = await IdpFlow.CodeAsync(api, login, Demo.MobileApp, IdpFlow.MobileRedirect, "openid profile offline_access", challenge);
        var issued = await oauth.ExchangeCodeAsync(code, Demo.MobileApp, null, IdpFlow.MobileRedirect, verifier, basic: false);
        var original = issued.Text("refresh_token");

        var refreshed = await oauth.RefreshAsync(original, Demo.MobileApp, null);
        var rotated = refreshed.Text("refresh_token");
        var refreshedAgain = await oauth.RefreshAsync(rotated, Demo.MobileApp, null);
        var replay = await oauth.RefreshAsync(original, Demo.MobileApp, null);
        var afterReplay = await oauth.RefreshAsync(refreshedAgain.Text("refresh_token"), Demo.MobileApp, null);

        Assert.True(refreshed.Status == 200, refreshed.Body);
        Assert.NotEqual(original, rotated);
        Assert.NotEqual(issued.Text("access_token"), refreshed.Text("access_token"));
        Assert.False(string.IsNullOrEmpty(refreshed.Text("id_token")));
        Assert.True(refreshedAgain.Status == 200, refreshedAgain.Body);
        OAuthAssert.Error(replay, 400, "invalid_grant");
        OAuthAssert.Error(afterReplay, 400, "invalid_grant");
        OAuthAssert.Inactive(await oauth.IntrospectAsync(refreshedAgain.Text("access_token"), Demo.MobileApp, null));
    }

    [Fact]
    public async Task AConfidentialClientsRefreshTokenIsNotRotated()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var issued = await IdpFlow.ConnectPartnerAsync(api, oauth, login);
        var refreshToken = issued.Text("refresh_token");

        var first = await oauth.RefreshAsync(refreshToken, IdpFlow.PartnerApp, IdpFlow.PartnerSecret);
        host.Clock.Advance(TimeSpan.FromDays(60));
        var second = await oauth.RefreshAsync(refreshToken, IdpFlow.PartnerApp, IdpFlow.PartnerSecret);
        host.Clock.Advance(TimeSpan.FromDays(60));
        var third = await oauth.RefreshAsync(refreshToken, IdpFlow.PartnerApp, IdpFlow.PartnerSecret);

        Assert.True(first.Status == 200, first.Body);
        Assert.False(first.Json.TryGetProperty("refresh_token", out _));
        Assert.True(second.Status == 200, second.Body);
        Assert.True(third.Status == 200, "each use extends a confidential refresh token by 90 days: " + third.Body);
        Assert.Equal("openid email profile offline_access", third.Text("scope"));
    }

    [Fact]
    public async Task ARefreshTokenExpiresAfterNinetyDaysUnused()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var issued = await IdpFlow.ConnectPartnerAsync(api, oauth, login);

        host.Clock.Advance(TimeSpan.FromDays(90) + TimeSpan.FromSeconds(1));
        var response = await oauth.RefreshAsync(issued.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret);

        OAuthAssert.Error(response, 400, "invalid_grant");
    }

    [Fact]
    public async Task ARefreshMayNarrowTheScopesButNeverWidenThem()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var issued = await IdpFlow.ConnectPartnerAsync(api, oauth, login, "openid email offline_access");

        var narrowed = await oauth.RefreshAsync(issued.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret, "email");
        var widened = await oauth.RefreshAsync(issued.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret, "email phone");

        Assert.Equal("email", narrowed.Text("scope"));
        Assert.False(narrowed.Json.TryGetProperty("id_token", out _));
        OAuthAssert.Error(widened, 400, "invalid_scope");
    }

    [Fact]
    public async Task ARefreshTokenOfAnotherClientIsInvalidGrant()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var issued = await IdpFlow.ConnectPartnerAsync(api, oauth, login);

        var response = await oauth.RefreshAsync(issued.Text("refresh_token"), Demo.DashboardApp, IdpFlow.DashboardSecret);

        OAuthAssert.Error(response, 400, "invalid_grant");
    }

    [Fact]
    public async Task TheAccessTokenLivesAsLongAsTheClientSays()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var client = host.RegisterConnectedApp(new ConnectedAppClient
        {
            ClientType = "third_party",
            RedirectUrls = ["https://app.example.com/cb"],
            AccessTokenExpiryMinutes = 5,
            AccessTokenCustomAudience = "https://api.example.com",
        });
        var code = await IdpFlow.CodeAsync(api, login, client.ClientId, "https://app.example.com/cb", "openid");
        var tokens = await oauth.ExchangeCodeAsync(code, client.ClientId, client.ClientSecret);
        var access = tokens.Text("access_token");

        var fresh = await oauth.UserInfoAsync(access);
        host.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var expired = await oauth.UserInfoAsync(access);

        Assert.Equal(300, tokens.Json.GetProperty("expires_in").GetInt32());
        Assert.Equal([host.Options.ProjectId, "https://api.example.com"], JwtTools.Decode(access).Payload.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(200, fresh.Status);
        OAuthAssert.Error(expired, 401, "invalid_token");
        OAuthAssert.Inactive(await oauth.IntrospectAsync(access, client.ClientId, client.ClientSecret));
    }

    [Fact]
    public async Task TokensFromTheLegacyPathAreIssuedByStytchDotComSlashProjectId()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var legacy = OAuthClient.Legacy(host);
        var login = await Login.DemoAsync(api);
        var code = await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid");

        var tokens = await legacy.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, IdpFlow.PartnerRedirect);
        var userInfo = await legacy.UserInfoAsync(tokens.Text("access_token"));

        Assert.True(tokens.Status == 200, tokens.Body);
        Assert.Equal("stytch.com/" + host.Options.ProjectId, JwtTools.Decode(tokens.Text("access_token")).Payload.GetProperty("iss").GetString());
        Assert.Equal("stytch.com/" + host.Options.ProjectId, JwtTools.Decode(tokens.Text("id_token")).Payload.GetProperty("iss").GetString());
        Assert.Equal(login.UserId, userInfo.Text("sub"));
    }

    [Fact]
    public async Task TheLegacyPathOfAnotherProjectIsProjectNotFound()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host, withCredentials: false);

        var response = await api.PostRawAsync("v1/public/project-test-00000000-0000-4000-8000-000000000000/oauth2/token", "{}");

        StytchAssert.Error(response, 404, "project_not_found");
    }

    [Fact]
    public async Task TheTokenEndpointNeverLogsCodesTokensOrSecrets()
    {
        var lines = new List<string>();
        await using var host = await EmulatorHost.StartAsync(
            new EmulatorOptions(),
            b => b.Logging.ClearProviders().AddProvider(new CollectingLoggerProvider(lines)),
            ct: TestContext.Current.CancellationToken);
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var code = await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid offline_access");
        var tokens = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, IdpFlow.PartnerRedirect);
        await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, IdpFlow.PartnerRedirect);
        await oauth.RefreshAsync(tokens.Text("refresh_token"), IdpFlow.PartnerApp, "wrong-secret");
        await oauth.RevokeAsync(tokens.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret);

        string[] secrets = [code, tokens.Text("access_token"), tokens.Text("refresh_token"), tokens.Text("id_token"), IdpFlow.PartnerSecret, "wrong-secret", login.SessionToken];
        string logged;
        lock (lines)
        {
            logged = string.Join('\n', lines);
        }

        Assert.Contains("ConnectedAppTokensIssued", logged, StringComparison.Ordinal);
        Assert.Contains("ConnectedAppTokenReplayed", logged, StringComparison.Ordinal);
        Assert.All(secrets, s => Assert.DoesNotContain(s, logged, StringComparison.Ordinal));
    }
}
