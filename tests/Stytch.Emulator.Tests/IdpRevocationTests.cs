using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary>
/// What a user's revoke does to a Connected App's tokens (the seed's promise: "revokes all active tokens … new tokens
/// cannot be created until the user completes a new authorization flow … forced to grant consent"), and the client's
/// own revocation (RFC 7009) and introspection (RFC 7662).
/// </summary>
public sealed class IdpRevocationTests
{
    [Fact]
    public async Task AUserRevokeKillsEveryTokenRefusesRefreshAndUserinfoAndForcesConsent()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var first = await IdpFlow.ConnectPartnerAsync(api, oauth, login);
        var second = await IdpFlow.ConnectPartnerAsync(api, oauth, login);
        var listed = await api.GetAsync($"v1/users/{login.UserId}/connected_apps");
        Assert.Contains(IdpFlow.PartnerApp, listed.Body, StringComparison.Ordinal);
        OAuthAssert.Active(await oauth.IntrospectAsync(first.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
        Assert.Equal(200, (await oauth.UserInfoAsync(second.Text("access_token"))).Status);

        StytchAssert.Ok(await api.PostRawAsync($"v1/users/{login.UserId}/connected_apps/{IdpFlow.PartnerApp}/revoke", "{}"));

        foreach (var tokens in new[] { first, second })
        {
            OAuthAssert.Inactive(await oauth.IntrospectAsync(tokens.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
            OAuthAssert.Inactive(await oauth.IntrospectAsync(tokens.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
            var refresh = await oauth.RefreshAsync(tokens.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret);
            OAuthAssert.Error(refresh, 400, "invalid_grant");
            Assert.Contains("revoked", refresh.Text("error_description"), StringComparison.Ordinal);
            var userInfo = await oauth.UserInfoAsync(tokens.Text("access_token"));
            OAuthAssert.Error(userInfo, 401, "invalid_token");
            Assert.Contains("error=\"invalid_token\"", userInfo.Header("WWW-Authenticate"), StringComparison.Ordinal);
        }

        var after = await api.GetAsync($"v1/users/{login.UserId}/connected_apps");
        var start = await IdpFlow.StartAsync(api, IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", login.SessionToken));
        Assert.DoesNotContain(IdpFlow.PartnerApp, after.Body, StringComparison.Ordinal);
        Assert.True(start.Json.GetProperty("consent_required").GetBoolean(), "a grant of even fewer scopes needs consent again");
    }

    [Fact]
    public async Task ARevokedAccessTokenStillVerifiesLocallyUntilItExpires()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var tokens = await IdpFlow.ConnectPartnerAsync(api, oauth, login);

        await api.PostRawAsync($"v1/users/{login.UserId}/connected_apps/{IdpFlow.PartnerApp}/revoke", "{}");
        var jwks = await api.GetAsync(".well-known/jwks.json");

        // The caveat for resource servers: only introspection sees the revoke at once.
        Assert.True(JwtTools.VerifiesWith(tokens.Text("access_token"), jwks.Json));
        OAuthAssert.Inactive(await oauth.IntrospectAsync(tokens.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
    }

    [Fact]
    public async Task ACodeIssuedBeforeARevokeCannotBeExchanged()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var code = await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid");

        await api.PostRawAsync($"v1/users/{login.UserId}/connected_apps/{IdpFlow.PartnerApp}/revoke", "{}");
        var response = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, IdpFlow.PartnerRedirect);

        OAuthAssert.Error(response, 400, "invalid_grant");
    }

    [Fact]
    public async Task ANewAuthorizationAfterARevokeWorksWhileTheOldTokensStayDead()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var before = await IdpFlow.ConnectPartnerAsync(api, oauth, login);
        await api.PostRawAsync($"v1/users/{login.UserId}/connected_apps/{IdpFlow.PartnerApp}/revoke", "{}");

        var again = await IdpFlow.ConnectPartnerAsync(api, oauth, login);

        OAuthAssert.Active(await oauth.IntrospectAsync(again.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
        Assert.True((await oauth.RefreshAsync(again.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret)).Status == 200);
        OAuthAssert.Inactive(await oauth.IntrospectAsync(before.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
        OAuthAssert.Error(await oauth.RefreshAsync(before.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret), 400, "invalid_grant");
    }

    [Fact]
    public async Task ARevokeOfOneAppLeavesAnotherAppsTokensAlone()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var partner = await IdpFlow.ConnectPartnerAsync(api, oauth, login);
        var code = await IdpFlow.CodeAsync(api, login, Demo.DashboardApp, IdpFlow.DashboardRedirect, "openid email");
        var dashboard = await oauth.ExchangeCodeAsync(code, Demo.DashboardApp, IdpFlow.DashboardSecret, IdpFlow.DashboardRedirect);

        await api.PostRawAsync($"v1/users/{login.UserId}/connected_apps/{Demo.DashboardApp}/revoke", "{}");

        OAuthAssert.Inactive(await oauth.IntrospectAsync(dashboard.Text("access_token"), Demo.DashboardApp, IdpFlow.DashboardSecret));
        OAuthAssert.Active(await oauth.IntrospectAsync(partner.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
    }

    [Fact]
    public async Task IntrospectionDescribesAnActiveAccessOrRefreshToken()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var tokens = await IdpFlow.ConnectPartnerAsync(api, oauth, login);

        var access = await oauth.IntrospectAsync(tokens.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret);
        var refresh = await oauth.IntrospectAsync(tokens.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret);
        var claims = JwtTools.Decode(tokens.Text("access_token")).Payload;

        OAuthAssert.Active(access);
        StytchAssert.RequestId(access.Json);
        Assert.Equal("access_token", access.Text("token_type"));
        Assert.Equal(login.UserId, access.Text("sub"));
        Assert.Equal(IdpFlow.PartnerApp, access.Text("client_id"));
        Assert.Equal("openid email profile offline_access", access.Text("scope"));
        Assert.Equal(claims.GetProperty("iss").GetString(), access.Text("iss"));
        Assert.Equal(claims.GetProperty("exp").GetInt64(), access.Json.GetProperty("exp").GetInt64());
        Assert.Equal(claims.GetProperty("iat").GetInt64(), access.Json.GetProperty("iat").GetInt64());
        Assert.Equal([host.Options.ProjectId], access.Json.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));
        OAuthAssert.Active(refresh);
        Assert.Equal("refresh_token", refresh.Text("token_type"));
        Assert.Equal(login.UserId, refresh.Text("sub"));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJqdGkiOiJ4In0.c2ln")]
    public async Task AnUnknownOrForgedTokenIsInactive(string token)
    {
        await using var host = await TestEmulator.StartAsync();
        using var oauth = new OAuthClient(host);

        OAuthAssert.Inactive(await oauth.IntrospectAsync(token, IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
        OAuthAssert.Error(await oauth.UserInfoAsync(token), 401, "invalid_token");
    }

    [Fact]
    public async Task ATamperedAccessTokenIsInactive()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var tokens = await IdpFlow.ConnectPartnerAsync(api, oauth, login, "openid");
        var claims = JwtTools.Decode(tokens.Text("access_token")).Payload.GetRawText().Replace("\"openid\"", "\"openid email\"", StringComparison.Ordinal);

        var tampered = JwtTools.WithPayload(tokens.Text("access_token"), claims);

        OAuthAssert.Inactive(await oauth.IntrospectAsync(tampered, IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
    }

    [Fact]
    public async Task IntrospectionNeedsClientCredentials()
    {
        await using var host = await TestEmulator.StartAsync();
        using var oauth = new OAuthClient(host);

        OAuthAssert.Error(await oauth.IntrospectAsync("x", IdpFlow.PartnerApp, "wrong"), 401, "invalid_client");
        OAuthAssert.Error(await oauth.IntrospectAsync("x", IdpFlow.PartnerApp, null), 401, "invalid_client");
        OAuthAssert.Error(await oauth.PostFormAsync("introspect", new(), IdpFlow.PartnerApp, IdpFlow.PartnerSecret, basic: true), 400, "invalid_request");
    }

    [Fact]
    public async Task AnotherClientOfTheProjectMayIntrospectAToken()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var tokens = await IdpFlow.ConnectPartnerAsync(api, oauth, login);

        var byResourceServer = await oauth.IntrospectAsync(tokens.Text("access_token"), Demo.CliApp, null);

        OAuthAssert.Active(byResourceServer);
        Assert.Equal(IdpFlow.PartnerApp, byResourceServer.Text("client_id"));
    }

    [Fact]
    public async Task RevokingAnAccessTokenKillsOnlyThatToken()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var tokens = await IdpFlow.ConnectPartnerAsync(api, oauth, login);

        var revoked = await oauth.RevokeAsync(tokens.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret);

        StytchAssert.Ok(revoked);
        OAuthAssert.Inactive(await oauth.IntrospectAsync(tokens.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
        OAuthAssert.Error(await oauth.UserInfoAsync(tokens.Text("access_token")), 401, "invalid_token");
        var refreshed = await oauth.RefreshAsync(tokens.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret);
        Assert.True(refreshed.Status == 200, refreshed.Body);
        Assert.Contains(IdpFlow.PartnerApp, (await api.GetAsync($"v1/users/{login.UserId}/connected_apps")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokingARefreshTokenKillsItAndTheAccessTokensIssuedWithIt()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var tokens = await IdpFlow.ConnectPartnerAsync(api, oauth, login);
        var other = await IdpFlow.ConnectPartnerAsync(api, oauth, login);

        var revoked = await oauth.RevokeAsync(tokens.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret);

        StytchAssert.Ok(revoked);
        OAuthAssert.Inactive(await oauth.IntrospectAsync(tokens.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
        OAuthAssert.Inactive(await oauth.IntrospectAsync(tokens.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
        OAuthAssert.Error(await oauth.RefreshAsync(tokens.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret), 400, "invalid_grant");
        OAuthAssert.Active(await oauth.IntrospectAsync(other.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
    }

    [Fact]
    public async Task RevokingAnUnknownTokenOrAnotherClientsTokenIs200AndChangesNothing()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var tokens = await IdpFlow.ConnectPartnerAsync(api, oauth, login);

        var unknown = await oauth.RevokeAsync("no-such-token", IdpFlow.PartnerApp, IdpFlow.PartnerSecret);
        var foreign = await oauth.RevokeAsync(tokens.Text("refresh_token"), Demo.DashboardApp, IdpFlow.DashboardSecret);
        var unauthenticated = await oauth.RevokeAsync(tokens.Text("refresh_token"), IdpFlow.PartnerApp, "wrong");

        StytchAssert.Ok(unknown);
        StytchAssert.Ok(foreign);
        OAuthAssert.Error(unauthenticated, 401, "invalid_client");
        OAuthAssert.Active(await oauth.IntrospectAsync(tokens.Text("refresh_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret));
    }

    [Fact]
    public async Task UserinfoReleasesTheClaimsOfTheTokensScopes()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var full = await IdpFlow.ConnectPartnerAsync(api, oauth, login, "openid email profile");
        var narrow = await IdpFlow.ConnectPartnerAsync(api, oauth, login, "openid");

        var fullInfo = await oauth.UserInfoAsync(full.Text("access_token"));
        var narrowInfo = await oauth.UserInfoAsync(narrow.Text("access_token"));
        var missing = await oauth.UserInfoAsync(null);

        StytchAssert.Ok(fullInfo);
        Assert.Equal(
            [login.UserId, "Ada Lovelace", "Ada", "Lovelace", "demo@example.com"],
            new[] { "sub", "name", "given_name", "family_name", "email" }.Select(fullInfo.Text));
        Assert.True(fullInfo.Json.GetProperty("email_verified").GetBoolean());
        Assert.Equal(["request_id", "status_code", "sub"], narrowInfo.Json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        OAuthAssert.Error(missing, 401, "invalid_request");
        Assert.StartsWith("Bearer", missing.Header("WWW-Authenticate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSeededDemoGrantsStayListedAndRevocable()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        await IdpFlow.ConnectPartnerAsync(api, oauth, login, "openid");

        var list = await api.GetAsync($"v1/users/{login.UserId}/connected_apps");
        var revoke = await api.PostRawAsync($"v1/users/{login.UserId}/connected_apps/{Demo.DashboardApp}/revoke", "{}");

        Assert.Equal(
            [Demo.CliApp, Demo.DashboardApp, Demo.MobileApp, IdpFlow.PartnerApp],
            list.Json.GetProperty("connected_apps").EnumerateArray().Select(a => a.GetProperty("connected_app_id").GetString()));
        StytchAssert.Ok(revoke);
    }
}
