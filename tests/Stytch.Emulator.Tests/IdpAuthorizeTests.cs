using System.Text.Json.Nodes;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary><c>POST /v1/idp/oauth/authorize/start</c> and <c>POST /v1/idp/oauth/authorize</c>: checks, consent rules and the redirect.</summary>
public sealed class IdpAuthorizeTests
{
    private const string Profile = "openid email profile";

    [Fact]
    public async Task StartDescribesTheClientTheUserAndEveryRequestedScope()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);

        var response = await IdpFlow.StartAsync(api, IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid email full_access", login.SessionToken));

        StytchAssert.Ok(response);
        Assert.Equal(login.UserId, response.Text("user_id"));
        Assert.Equal(login.UserId, response.Json.GetProperty("user").GetProperty("user_id").GetString());
        var client = response.Json.GetProperty("client");
        Assert.Equal([IdpFlow.PartnerApp, "Partner Notes", "third_party"],
            new[] { "client_id", "client_name", "client_type" }.Select(p => client.GetProperty(p).GetString()));
        Assert.False(string.IsNullOrEmpty(client.GetProperty("client_description").GetString()));
        Assert.True(response.Json.GetProperty("consent_required").GetBoolean());
        var scopes = response.Json.GetProperty("scope_results").EnumerateArray().ToList();
        Assert.Equal(["openid", "email", "full_access"], scopes.Select(s => s.GetProperty("scope").GetString()));
        Assert.Equal([true, true, false], scopes.Select(s => s.GetProperty("is_grantable").GetBoolean()));
        Assert.All(scopes, s => Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("description").GetString())));
    }

    [Fact]
    public async Task AThirdPartyClientNeedsConsentUntilTheUserGrantsIt()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        var start = IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, Profile, login.SessionToken);

        var before = await IdpFlow.StartAsync(api, start);
        await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, Profile);
        var after = await IdpFlow.StartAsync(api, start);
        var fewer = await IdpFlow.StartAsync(api, IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", login.SessionToken));

        Assert.True(before.Json.GetProperty("consent_required").GetBoolean());
        Assert.False(after.Json.GetProperty("consent_required").GetBoolean());
        Assert.False(fewer.Json.GetProperty("consent_required").GetBoolean());
    }

    [Fact]
    public async Task ASeededGrantCountsAsConsentForItsScopes()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);

        var response = await IdpFlow.StartAsync(api, IdpFlow.StartBody(Demo.CliApp, IdpFlow.CliRedirect, "openid email", login.SessionToken));

        StytchAssert.Ok(response);
        Assert.False(response.Json.GetProperty("consent_required").GetBoolean());
    }

    [Fact]
    public async Task ConsentIsRequiredAgainWhenTheScopeSetGrowsAndTheGrantThenListsTheUnion()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid email");

        var grown = await IdpFlow.StartAsync(api, IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid profile", login.SessionToken));
        await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid profile");
        var list = await api.GetAsync($"v1/users/{login.UserId}/connected_apps");

        Assert.True(grown.Json.GetProperty("consent_required").GetBoolean());
        var partner = list.Json.GetProperty("connected_apps").EnumerateArray().Single(a => a.GetProperty("connected_app_id").GetString() == IdpFlow.PartnerApp);
        Assert.Equal("openid email profile", partner.GetProperty("scopes_granted").GetString());
        Assert.Equal("Partner Notes", partner.GetProperty("name").GetString());
        Assert.Equal("third_party", partner.GetProperty("client_type").GetString());
    }

    [Theory]
    [InlineData("third_party_public", false)]
    [InlineData("first_party", true)]
    [InlineData("first_party_public", true)]
    public async Task PromptConsentAlwaysRequiresConsent(string clientType, bool firstParty)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        var client = host.RegisterConnectedApp(new ConnectedAppClient { ClientType = clientType, RedirectUrls = ["http://localhost:4000/cb"], ClientSecret = "s3cret-for-the-test" });
        var (_, challenge) = IdpFlow.NewPkce();
        await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(client.ClientId, "http://localhost:4000/cb", "openid", login.SessionToken, true, challenge));

        var plain = await IdpFlow.StartAsync(api, IdpFlow.StartBody(client.ClientId, "http://localhost:4000/cb", "openid", login.SessionToken));
        var prompted = await IdpFlow.StartAsync(api, IdpFlow.StartBody(client.ClientId, "http://localhost:4000/cb", "openid", login.SessionToken, prompt: "consent"));

        Assert.False(plain.Json.GetProperty("consent_required").GetBoolean(), $"first party: {firstParty}");
        Assert.True(prompted.Json.GetProperty("consent_required").GetBoolean());
    }

    [Fact]
    public async Task OfflineAccessAlwaysRequiresConsentEvenOnceGranted()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        const string scopes = "openid offline_access";
        await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, scopes);

        var again = await IdpFlow.StartAsync(api, IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, scopes, login.SessionToken));
        var seededFirstParty = await IdpFlow.StartAsync(api, IdpFlow.StartBody(Demo.MobileApp, IdpFlow.MobileRedirect, scopes, login.SessionToken));

        Assert.True(again.Json.GetProperty("consent_required").GetBoolean());
        Assert.True(seededFirstParty.Json.GetProperty("consent_required").GetBoolean());
    }

    [Theory]
    [InlineData(false, "openid profile", false)]
    [InlineData(false, "openid offline_access", true)]
    [InlineData(true, "openid offline_access", false)]
    public async Task AFirstPartyClientIsTrustedExceptForOfflineAccessUnlessItBypassesThat(bool bypass, string scopes, bool consentRequired)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        var client = host.RegisterConnectedApp(new ConnectedAppClient
        {
            ClientType = "first_party",
            RedirectUrls = ["https://app.example.com/cb"],
            BypassConsentForOfflineAccess = bypass,
        });

        var response = await IdpFlow.StartAsync(api, IdpFlow.StartBody(client.ClientId, "https://app.example.com/cb", scopes, login.SessionToken));

        StytchAssert.Ok(response);
        Assert.Equal(consentRequired, response.Json.GetProperty("consent_required").GetBoolean());
    }

    [Fact]
    public async Task AfterAUserRevokeEvenAFirstPartyClientNeedsConsentUntilTheUserConsentsAgain()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        var (_, challenge) = IdpFlow.NewPkce();
        await api.PostRawAsync($"v1/users/{login.UserId}/connected_apps/{Demo.MobileApp}/revoke", "{}");
        var start = IdpFlow.StartBody(Demo.MobileApp, IdpFlow.MobileRedirect, "openid profile", login.SessionToken);

        var afterRevoke = await IdpFlow.StartAsync(api, start);
        var withoutConsent = await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(Demo.MobileApp, IdpFlow.MobileRedirect, "openid profile", login.SessionToken, false, challenge));
        var stillRequired = await IdpFlow.StartAsync(api, start);
        await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(Demo.MobileApp, IdpFlow.MobileRedirect, "openid profile", login.SessionToken, true, challenge));
        var afterConsent = await IdpFlow.StartAsync(api, start);

        Assert.True(afterRevoke.Json.GetProperty("consent_required").GetBoolean());
        Assert.Equal("access_denied", IdpFlow.QueryOf(withoutConsent.Text("redirect_uri"))["error"]);
        Assert.True(stillRequired.Json.GetProperty("consent_required").GetBoolean());
        Assert.False(afterConsent.Json.GetProperty("consent_required").GetBoolean());
    }

    [Fact]
    public async Task AuthorizeWithConsentRedirectsWithACodeAndTheState()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);

        var response = await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(
            IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, Profile, login.SessionToken, true, state: "xyz ABC/+=", nonce: "n-1"));

        StytchAssert.Ok(response);
        var redirect = response.Text("redirect_uri");
        Assert.StartsWith(IdpFlow.PartnerRedirect + "?code=", redirect, StringComparison.Ordinal);
        var query = IdpFlow.QueryOf(redirect);
        Assert.Equal(response.Text("authorization_code"), query["code"]);
        Assert.Equal("xyz ABC/+=", query["state"]);
        Assert.Equal(["code", "state"], query.Keys.Order(StringComparer.Ordinal));
        Assert.Matches("^[A-Za-z0-9_-]{44}$", query["code"]);
    }

    [Fact]
    public async Task AuthorizeKeepsTheQueryOfARegisteredRedirectUri()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        var client = host.RegisterConnectedApp(new ConnectedAppClient { ClientType = "third_party", RedirectUrls = ["https://app.example.com/cb?tenant=7"] });

        var response = await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(client.ClientId, "https://app.example.com/cb?tenant=7", "openid", login.SessionToken, true));

        Assert.StartsWith("https://app.example.com/cb?tenant=7&code=", response.Text("redirect_uri"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeniedConsentRedirectsWithAccessDeniedAndNoCodeAndRecordsNoGrant()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);

        var response = await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, Profile, login.SessionToken, false, state: "s1"));
        var list = await api.GetAsync($"v1/users/{login.UserId}/connected_apps");

        StytchAssert.Ok(response);
        Assert.False(response.Json.TryGetProperty("authorization_code", out _));
        var query = IdpFlow.QueryOf(response.Text("redirect_uri"));
        Assert.StartsWith(IdpFlow.PartnerRedirect + "?", response.Text("redirect_uri"), StringComparison.Ordinal);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("s1", query["state"]);
        Assert.False(query.ContainsKey("code"));
        Assert.DoesNotContain(IdpFlow.PartnerApp, list.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsentGrantedFalseIsNoDenialWhenNoConsentWasRequired()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        var (_, challenge) = IdpFlow.NewPkce();

        // What the React SDK's <IdentityProvider /> auto-submits when consent_required is false.
        var response = await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(Demo.CliApp, IdpFlow.CliRedirect, "openid email", login.SessionToken, false, challenge));

        StytchAssert.Ok(response);
        Assert.True(IdpFlow.QueryOf(response.Text("redirect_uri")).ContainsKey("code"));
    }

    [Fact]
    public async Task APublicClientMustSendACodeChallenge()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);

        var response = await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(Demo.CliApp, IdpFlow.CliRedirect, "openid", login.SessionToken, true));

        StytchAssert.Error(response, 400, "pkce_required_for_idp_authorization_flow");
    }

    [Theory]
    [InlineData("too-short")]
    [InlineData("0123456789012345678901234567890123456789012+")]
    public async Task AMalformedCodeChallengeIsRefused(string challenge)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);

        var response = await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", login.SessionToken, true, challenge));

        StytchAssert.Error(response, 400, "invalid_pkce_code_challenge");
    }

    [Theory]
    [InlineData("client_id", 400, "bad_request")]
    [InlineData("redirect_uri", 400, "bad_request")]
    [InlineData("response_type", 400, "bad_request")]
    [InlineData("scopes", 400, "bad_request")]
    [InlineData("session_token", 400, "bad_request")]
    public async Task AMissingRequiredFieldIsABadRequest(string field, int status, string errorType)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        var start = IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", login.SessionToken);
        var authorize = IdpFlow.AuthorizeBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", login.SessionToken, true);
        start.Remove(field);
        authorize.Remove(field);

        StytchAssert.Error(await IdpFlow.StartAsync(api, start), status, errorType);
        StytchAssert.Error(await IdpFlow.AuthorizeAsync(api, authorize), status, errorType);
    }

    [Fact]
    public async Task AuthorizeNeedsConsentGranted()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        var body = IdpFlow.AuthorizeBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", login.SessionToken, true);
        body.Remove("consent_granted");

        var response = await IdpFlow.AuthorizeAsync(api, body);

        StytchAssert.Error(response, 400, "bad_request");
        Assert.Contains("consent_granted", response.Text("error_message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreThanOneIdentityIsABadRequest()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        var body = IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", login.SessionToken);
        body["user_id"] = login.UserId;

        StytchAssert.Error(await IdpFlow.StartAsync(api, body), 400, "bad_request");
    }

    [Fact]
    public async Task TheUserCanBeNamedByUserIdOrSessionJwt()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        var byId = IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", login.SessionToken);
        byId.Remove("session_token");
        byId["user_id"] = login.UserId;
        var byJwt = IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", login.SessionToken);
        byJwt.Remove("session_token");
        byJwt["session_jwt"] = login.SessionJwt;

        var first = await IdpFlow.StartAsync(api, byId);
        var second = await IdpFlow.StartAsync(api, byJwt);

        Assert.Equal(login.UserId, first.Text("user_id"));
        Assert.Equal(login.UserId, second.Text("user_id"));
    }

    [Fact]
    public async Task AnEndedSessionIsSessionNotFound()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        await api.PostAsync("v1/sessions/revoke", new JsonObject { ["session_id"] = login.SessionId });

        var start = await IdpFlow.StartAsync(api, IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", login.SessionToken));
        var authorize = await IdpFlow.AuthorizeAsync(api, IdpFlow.AuthorizeBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", login.SessionToken, true));

        StytchAssert.Error(start, 404, "session_not_found");
        StytchAssert.Error(authorize, 404, "session_not_found");
    }

    [Theory]
    [InlineData("user_id", "not-a-user", 400, "invalid_user_id")]
    [InlineData("user_id", Demo.UnknownUser, 404, "user_not_found")]
    [InlineData("session_jwt", "not-a-jwt", 400, "unable_to_parse_session_jwt")]
    public async Task AnUnknownUserIsRefused(string field, string value, int status, string errorType)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var body = IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", "unused");
        body.Remove("session_token");
        body[field] = value;

        StytchAssert.Error(await IdpFlow.StartAsync(api, body), status, errorType);
    }

    [Theory]
    [InlineData(Demo.UnknownApp, IdpFlow.PartnerRedirect, "code", "openid", null, 404, "connected_app_not_found")]
    [InlineData(IdpFlow.PartnerApp, "http://localhost:3001/callback/", "code", "openid", null, 401, "connected_app_supplied_redirect_url_not_found_in_client")]
    [InlineData(IdpFlow.PartnerApp, "https://evil.example/callback", "code", "openid", null, 401, "connected_app_supplied_redirect_url_not_found_in_client")]
    [InlineData(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "token", "openid", null, 400, "unsupported_response_type")]
    [InlineData(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "code", "openid", "login", 400, "unsupported_prompt")]
    [InlineData(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "code", "openid read:everything", null, 400, "oauth_invalid_scope_requested")]
    public async Task AnInvalidAuthorizationRequestIsRefusedAndNeverRedirected(
        string clientId, string redirectUri, string responseType, string scopes, string? prompt, int status, string errorType)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        var start = IdpFlow.StartBody(clientId, redirectUri, scopes, login.SessionToken, prompt);
        var authorize = IdpFlow.AuthorizeBody(clientId, redirectUri, scopes, login.SessionToken, true, prompt: prompt);
        start["response_type"] = responseType;
        authorize["response_type"] = responseType;

        var started = await IdpFlow.StartAsync(api, start);
        var authorized = await IdpFlow.AuthorizeAsync(api, authorize);

        StytchAssert.Error(started, status, errorType);
        StytchAssert.Error(authorized, status, errorType);
        Assert.False(authorized.Json.TryGetProperty("redirect_uri", out _));
    }

    [Fact]
    public async Task AnUngrantableScopeIsLeftOutOfTheGrant()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);

        var tokens = await IdpFlow.ConnectPartnerAsync(api, oauth, login, "openid full_access");
        var list = await api.GetAsync($"v1/users/{login.UserId}/connected_apps");

        Assert.Equal("openid", tokens.Text("scope"));
        Assert.Contains("\"scopes_granted\":\"openid\"", list.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheIdpEndpointsNeedTheProjectCredentials()
    {
        await using var host = await TestEmulator.StartAsync();
        using var anonymous = new StytchApi(host, withCredentials: false);

        var response = await IdpFlow.StartAsync(anonymous, IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", "x"));

        StytchAssert.Error(response, 401, "unauthorized_credentials");
    }
}
