using System.Text.Json.Nodes;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary>Fault injection and the call log on the Connected Apps operations.</summary>
public sealed class IdpFaultTests
{
    [Theory]
    [InlineData(EmulatorOperations.IdpAuthorizeStart)]
    [InlineData(EmulatorOperations.IdpAuthorize)]
    public async Task AFaultOnAnIdpOperationAnswersAStytchError(string operation)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        host.Faults.Add(new Fault { Operation = operation, Status = 503 });
        var body = IdpFlow.AuthorizeBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid", login.SessionToken, true);

        var faulted = await api.PostAsync(operation == EmulatorOperations.IdpAuthorize ? "v1/idp/oauth/authorize" : "v1/idp/oauth/authorize/start", body);
        var next = await api.PostAsync(operation == EmulatorOperations.IdpAuthorize ? "v1/idp/oauth/authorize" : "v1/idp/oauth/authorize/start", body);

        StytchAssert.Error(faulted, 503, "internal_server_error");
        StytchAssert.Ok(next);
        Assert.Equal([true, false], host.Calls.Of(operation).Select(c => c.Faulted));
        Assert.All(host.Calls.Of(operation), c => Assert.True(c.Authorized));
    }

    [Fact]
    public async Task AFaultOnTheTokenEndpointAnswersAnOAuthErrorAndLeavesTheCodeUsable()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var code = await IdpFlow.CodeAsync(api, login, IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid");
        host.Faults.Add(new Fault { Operation = EmulatorOperations.OAuth2Token, Status = 429, RetryAfterSeconds = 3 });
        host.Faults.Add(new Fault { Operation = EmulatorOperations.OAuth2Token, Status = 500 });

        var limited = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, IdpFlow.PartnerRedirect);
        var failed = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, IdpFlow.PartnerRedirect);
        var worked = await oauth.ExchangeCodeAsync(code, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, IdpFlow.PartnerRedirect);

        OAuthAssert.Error(limited, 429, "temporarily_unavailable");
        Assert.Equal("3", limited.RetryAfter);
        OAuthAssert.Error(failed, 500, "server_error");
        Assert.True(worked.Status == 200, worked.Body);
        Assert.Equal([true, true, false], host.Calls.Of(EmulatorOperations.OAuth2Token).Select(c => c.Faulted));
    }

    [Theory]
    [InlineData(EmulatorOperations.OAuth2Introspect, "introspect")]
    [InlineData(EmulatorOperations.OAuth2Revoke, "revoke")]
    public async Task FaultsCoverIntrospectionAndRevocation(string operation, string endpoint)
    {
        await using var host = await TestEmulator.StartAsync();
        using var oauth = new OAuthClient(host);
        host.Faults.Add(new Fault { Operation = operation, Status = 502, ErrorType = "bad_gateway", ErrorMessage = "Upstream trouble." });

        var response = await oauth.PostFormAsync(endpoint, new() { ["token"] = "t" }, IdpFlow.PartnerApp, IdpFlow.PartnerSecret, basic: false);

        OAuthAssert.Error(response, 502, "bad_gateway");
        Assert.Equal("Upstream trouble.", response.Text("error_description"));
    }

    [Fact]
    public async Task AClosedConnectionFaultWorksOnUserinfo()
    {
        await using var host = await TestEmulator.StartAsync();
        using var http = host.CreateClient(withCredentials: false);
        host.Faults.Add(new Fault { Operation = EmulatorOperations.OAuth2UserInfo, CloseConnection = true });

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("v1/oauth2/userinfo", TestContext.Current.CancellationToken));

        using var oauth = new OAuthClient(host);
        OAuthAssert.Error(await oauth.UserInfoAsync("x"), 401, "invalid_token");
    }

    [Theory]
    [InlineData(EmulatorOperations.ConnectedAppsClientsCreate)]
    [InlineData(EmulatorOperations.ConnectedAppsClientsGet)]
    [InlineData(EmulatorOperations.OAuth2Discovery)]
    [InlineData(EmulatorOperations.OAuth2Jwks)]
    public async Task TheHttpFaultApiAcceptsTheNewOperations(string operation)
    {
        await using var host = await TestEmulator.StartAsync();
        using var anonymous = new StytchApi(host, withCredentials: false);

        var added = await anonymous.PostAsync("emulator/faults", new JsonObject { ["operation"] = operation, ["status"] = 500 });

        Assert.Equal(201, added.Status);
        Assert.Equal(operation, Assert.Single(host.Faults.Pending).Fault.Operation);
    }

    [Fact]
    public async Task TheCallLogNamesEveryIdpOperation()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);

        await api.GetAsync($"v1/connected_apps/clients/{IdpFlow.PartnerApp}");
        await api.PostAsync("v1/connected_apps/clients", new JsonObject { ["client_type"] = "third_party_public" });
        await IdpFlow.StartAsync(api, IdpFlow.StartBody(IdpFlow.PartnerApp, IdpFlow.PartnerRedirect, "openid offline_access", login.SessionToken));
        var tokens = await IdpFlow.ConnectPartnerAsync(api, oauth, login);
        await oauth.IntrospectAsync(tokens.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret);
        await oauth.UserInfoAsync(tokens.Text("access_token"));
        await oauth.RevokeAsync(tokens.Text("access_token"), IdpFlow.PartnerApp, IdpFlow.PartnerSecret);
        await api.GetAsync(".well-known/openid-configuration");
        await api.GetAsync(".well-known/jwks.json");

        string[] operations =
        [
            EmulatorOperations.ConnectedAppsClientsGet, EmulatorOperations.ConnectedAppsClientsCreate, EmulatorOperations.IdpAuthorizeStart,
            EmulatorOperations.IdpAuthorize, EmulatorOperations.OAuth2Token, EmulatorOperations.OAuth2Introspect, EmulatorOperations.OAuth2UserInfo,
            EmulatorOperations.OAuth2Revoke, EmulatorOperations.OAuth2Discovery, EmulatorOperations.OAuth2Jwks,
        ];
        Assert.All(operations, o => Assert.Equal(1, host.Calls.Count(o)));
        Assert.All(operations, o => Assert.Contains(o, EmulatorOperations.StytchApi));
        var token = host.Calls.Last(EmulatorOperations.OAuth2Token)!;
        Assert.Equal(("POST", "/v1/oauth2/token", 200), (token.Method, token.Path, token.StatusCode));
        Assert.Contains("grant_type=authorization_code", token.Body, StringComparison.Ordinal);
    }
}
