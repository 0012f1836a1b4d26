using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary>Discovery and the JWK Set, on the base URL and under the legacy <c>/v1/public/{project_id}</c> prefix.</summary>
public sealed class OidcDiscoveryTests
{
    [Theory]
    [InlineData(".well-known/openid-configuration")]
    [InlineData(".well-known/oauth-authorization-server")]
    public async Task DiscoveryAdvertisesTheConsentPageAndTheEmulatorsEndpoints(string path)
    {
        await using var host = await TestEmulator.StartAsync();
        using var anonymous = new StytchApi(host, withCredentials: false);
        var origin = host.BaseUrl.AbsoluteUri.TrimEnd('/');

        var response = await anonymous.GetAsync(path);

        StytchAssert.Ok(response);
        Assert.Equal(origin, response.Text("issuer"));
        Assert.Equal("http://localhost:5000/oauth/authorize", response.Text("authorization_endpoint"));
        Assert.Equal(origin + "/v1/oauth2/token", response.Text("token_endpoint"));
        Assert.Equal(origin + "/v1/oauth2/userinfo", response.Text("userinfo_endpoint"));
        Assert.Equal(origin + "/v1/oauth2/introspect", response.Text("introspection_endpoint"));
        Assert.Equal(origin + "/v1/oauth2/revoke", response.Text("revocation_endpoint"));
        Assert.Equal(origin + "/.well-known/jwks.json", response.Text("jwks_uri"));
        Assert.Equal(["code"], response.Json.GetProperty("response_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["S256"], response.Json.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("client_secret_basic", response.Json.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("offline_access", response.Json.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["RS256"], response.Json.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task LegacyDiscoveryPointsAtTheLegacyEndpoints()
    {
        await using var host = await TestEmulator.StartAsync();
        using var anonymous = new StytchApi(host, withCredentials: false);
        var prefix = host.BaseUrl.AbsoluteUri + "v1/public/" + host.Options.ProjectId;

        var response = await anonymous.GetAsync($"v1/public/{host.Options.ProjectId}/.well-known/openid-configuration");
        var jwks = await anonymous.GetAsync($"v1/public/{host.Options.ProjectId}/.well-known/jwks.json");
        var otherProject = await anonymous.GetAsync("v1/public/project-test-00000000-0000-4000-8000-000000000000/.well-known/openid-configuration");

        StytchAssert.Ok(response);
        Assert.Equal("stytch.com/" + host.Options.ProjectId, response.Text("issuer"));
        Assert.Equal(prefix + "/oauth2/token", response.Text("token_endpoint"));
        Assert.Equal(prefix + "/oauth2/introspect", response.Text("introspection_endpoint"));
        Assert.Equal(prefix + "/.well-known/jwks.json", response.Text("jwks_uri"));
        Assert.Equal(200, jwks.Status);
        StytchAssert.Error(otherProject, 404, "project_not_found");
    }

    [Fact]
    public async Task TheAuthorizationUrlComesFromTheOptionAndCanBeSetAfterStart()
    {
        await using var host = await TestEmulator.StartAsync(new EmulatorOptions { AuthorizationUrl = "https://app.example.com/oauth/authorize" });
        using var anonymous = new StytchApi(host, withCredentials: false);

        var configured = await anonymous.GetAsync(".well-known/openid-configuration");
        host.SetAuthorizationUrl(new Uri("http://127.0.0.1:41234/oauth/authorize"));
        var changed = await anonymous.GetAsync(".well-known/openid-configuration");

        Assert.Equal("https://app.example.com/oauth/authorize", configured.Text("authorization_endpoint"));
        Assert.Equal("http://127.0.0.1:41234/oauth/authorize", changed.Text("authorization_endpoint"));
        Assert.Equal("http://127.0.0.1:41234/oauth/authorize", host.AuthorizationUrl);
        Assert.Throws<ArgumentException>(() => host.SetAuthorizationUrl(new Uri("ftp://example.com/x")));
    }

    [Fact]
    public async Task WithoutAnAuthorizationUrlDiscoveryFails()
    {
        await using var host = await TestEmulator.StartAsync(new EmulatorOptions { AuthorizationUrl = "" });
        using var anonymous = new StytchApi(host, withCredentials: false);

        var response = await anonymous.GetAsync(".well-known/openid-configuration");

        StytchAssert.Error(response, 400, "authorization_endpoint_not_configured_for_project");
    }

    [Fact]
    public async Task TheJwkSetServesTheProjectsSigningKeysAlsoAfterARotation()
    {
        await using var host = await TestEmulator.StartAsync();
        using var anonymous = new StytchApi(host, withCredentials: false);
        var sessionsJwks = await anonymous.GetAsync($"v1/sessions/jwks/{host.Options.ProjectId}");

        var before = await anonymous.GetAsync(".well-known/jwks.json");
        var newKid = host.RotateSigningKey();
        var after = await anonymous.GetAsync(".well-known/jwks.json");

        Assert.Equal(200, before.Status);
        Assert.Equal(["keys"], before.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            sessionsJwks.Json.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()),
            before.Json.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));
        Assert.Equal(2, after.Json.GetProperty("keys").GetArrayLength());
        Assert.Equal(newKid, after.Json.GetProperty("keys")[0].GetProperty("kid").GetString());
    }

    [Fact]
    public async Task TokensIssuedBeforeAKeyRotationStillWork()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        using var oauth = new OAuthClient(host);
        var login = await Login.DemoAsync(api);
        var tokens = await IdpFlow.ConnectPartnerAsync(api, oauth, login);

        host.RotateSigningKey();

        Assert.Equal(200, (await oauth.UserInfoAsync(tokens.Text("access_token"))).Status);
        host.RotateSigningKey();
        OAuthAssert.Error(await oauth.UserInfoAsync(tokens.Text("access_token")), 401, "invalid_token");
    }
}
