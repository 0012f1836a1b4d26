using System.Text.Json.Nodes;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary>Connected App clients: the seed, <c>POST /v1/connected_apps/clients</c>, <c>GET …/{client_id}</c> and in-process registration.</summary>
public sealed class ConnectedAppClientTests
{
    [Fact]
    public async Task CreatingAConfidentialClientShowsItsSecretOnceAndGetShowsOnlyTheLastFour()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var created = await api.PostAsync("v1/connected_apps/clients", new JsonObject
        {
            ["client_type"] = "third_party",
            ["client_name"] = "Reports",
            ["client_description"] = "Reads your reports.",
            ["redirect_urls"] = new JsonArray("https://reports.example.com/callback"),
            ["access_token_expiry_minutes"] = 15,
            ["logo_url"] = "https://reports.example.com/logo.png",
        });
        StytchAssert.Ok(created);
        var app = created.Json.GetProperty("connected_app");
        var clientId = app.GetProperty("client_id").GetString()!;
        var secret = app.GetProperty("client_secret").GetString()!;
        var fetched = await api.GetAsync($"v1/connected_apps/clients/{clientId}");

        Assert.Matches("^connected-app-test-[0-9a-f-]{36}$", clientId);
        Assert.True(secret.Length >= 32, secret);
        Assert.Equal(secret[^4..], app.GetProperty("client_secret_last_four").GetString());
        Assert.Equal(["Reports", "Reads your reports.", "third_party", "active"],
            new[] { "client_name", "client_description", "client_type", "status" }.Select(p => app.GetProperty(p).GetString()));
        Assert.Equal(15, app.GetProperty("access_token_expiry_minutes").GetInt32());
        StytchAssert.Ok(fetched);
        var stored = fetched.Json.GetProperty("connected_app");
        Assert.False(stored.TryGetProperty("client_secret", out _));
        Assert.DoesNotContain(secret, fetched.Body, StringComparison.Ordinal);
        Assert.Equal(secret[^4..], stored.GetProperty("client_secret_last_four").GetString());
        Assert.Equal("api", stored.GetProperty("creation_method").GetString());
        Assert.Equal("https://reports.example.com/callback", stored.GetProperty("redirect_urls")[0].GetString());
    }

    [Theory]
    [InlineData("first_party_public")]
    [InlineData("third_party_public")]
    public async Task APublicClientHasNoSecret(string clientType)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var created = await api.PostAsync("v1/connected_apps/clients", new JsonObject { ["client_type"] = clientType });

        StytchAssert.Ok(created);
        var app = created.Json.GetProperty("connected_app");
        Assert.False(app.TryGetProperty("client_secret", out _));
        Assert.False(app.TryGetProperty("client_secret_last_four", out _));
        Assert.Equal(60, app.GetProperty("access_token_expiry_minutes").GetInt32());
    }

    [Fact]
    public async Task TheSeededClientsCanBeFetched()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var partner = await api.GetAsync($"v1/connected_apps/clients/{IdpFlow.PartnerApp}");
        var cli = await api.GetAsync($"v1/connected_apps/clients/{Demo.CliApp}");

        StytchAssert.Ok(partner);
        Assert.Equal("Partner Notes", partner.Json.GetProperty("connected_app").GetProperty("client_name").GetString());
        Assert.Equal("third_party", partner.Json.GetProperty("connected_app").GetProperty("client_type").GetString());
        Assert.Equal("dashboard", partner.Json.GetProperty("connected_app").GetProperty("creation_method").GetString());
        Assert.Equal(IdpFlow.PartnerRedirect, partner.Json.GetProperty("connected_app").GetProperty("redirect_urls")[0].GetString());
        Assert.Equal("third_party_public", cli.Json.GetProperty("connected_app").GetProperty("client_type").GetString());
    }

    [Fact]
    public async Task GettingAnUnknownClientIsConnectedAppNotFound()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        StytchAssert.Error(await api.GetAsync($"v1/connected_apps/clients/{Demo.UnknownApp}"), 404, "connected_app_not_found");
    }

    [Fact]
    public async Task TheClientsApiNeedsTheProjectCredentials()
    {
        await using var host = await TestEmulator.StartAsync();
        using var anonymous = new StytchApi(host, withCredentials: false);

        StytchAssert.Error(await anonymous.GetAsync($"v1/connected_apps/clients/{IdpFlow.PartnerApp}"), 401, "unauthorized_credentials");
        StytchAssert.Error(await anonymous.PostAsync("v1/connected_apps/clients", new JsonObject { ["client_type"] = "third_party" }), 401, "unauthorized_credentials");
    }

    [Theory]
    [InlineData("{}", "bad_request")]
    [InlineData("{\"client_type\":\"fourth_party\"}", "bad_request")]
    [InlineData("{\"client_type\":\"third_party\",\"redirect_urls\":[\"/relative\"]}", "connected_app_invalid_redirect_url")]
    [InlineData("{\"client_type\":\"third_party\",\"redirect_urls\":[\"https://app.example.com/cb#fragment\"]}", "connected_app_invalid_redirect_url")]
    [InlineData("{\"client_type\":\"third_party\",\"redirect_urls\":[\"javascript:alert(1)\"]}", "connected_app_invalid_redirect_url")]
    [InlineData("{\"client_type\":\"third_party\",\"bypass_consent_for_offline_access\":true}", "bad_request")]
    [InlineData("{\"client_type\":\"third_party_public\",\"full_access_allowed\":true}", "bad_request")]
    [InlineData("{\"client_type\":\"first_party\",\"access_token_expiry_minutes\":0}", "bad_request")]
    [InlineData("{\"client_type\":\"first_party\",\"access_token_expiry_minutes\":100000}", "bad_request")]
    [InlineData("{\"client_type\":3}", "bad_request")]
    public async Task AnInvalidClientIsRefusedWithAClearError(string body, string errorType)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostRawAsync("v1/connected_apps/clients", body);

        StytchAssert.Error(response, 400, errorType);
        Assert.Equal(0, host.Calls.Of(EmulatorOperations.ConnectedAppsClientsCreate).Count(c => c.StatusCode == 200));
    }

    [Fact]
    public async Task RegisterConnectedAppInProcessReturnsTheIdAndTheSecretOfAConfidentialClient()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var confidential = host.RegisterConnectedApp(new ConnectedAppClient
        {
            ClientType = "third_party",
            Name = "Sample app",
            Description = "The sample third-party app.",
            RedirectUrls = ["http://127.0.0.1:43210/callback"],
            LogoUrl = "https://example.com/sample.png",
        });
        var publicClient = host.RegisterConnectedApp(new ConnectedAppClient { ClientType = "third_party_public", RedirectUrls = ["http://127.0.0.1:43211/cb"] });
        var fetched = await api.GetAsync($"v1/connected_apps/clients/{confidential.ClientId}");

        Assert.Matches("^connected-app-test-", confidential.ClientId);
        Assert.NotNull(confidential.ClientSecret);
        Assert.Null(publicClient.ClientSecret);
        StytchAssert.Ok(fetched);
        Assert.Equal("Sample app", fetched.Json.GetProperty("connected_app").GetProperty("client_name").GetString());
        Assert.Equal("https://example.com/sample.png", fetched.Json.GetProperty("connected_app").GetProperty("logo_url").GetString());
        Assert.Equal(confidential.ClientSecret![^4..], fetched.Json.GetProperty("connected_app").GetProperty("client_secret_last_four").GetString());
    }

    [Fact]
    public async Task RegisterConnectedAppKeepsAGivenIdAndSecretAndRefusesDuplicatesAndInvalidClients()
    {
        await using var host = await TestEmulator.StartAsync();
        var client = new ConnectedAppClient
        {
            ClientId = "connected-app-test-12345678-1234-4234-8234-123456789abc",
            ClientType = "first_party",
            ClientSecret = "a-secret-chosen-by-the-test",
            RedirectUrls = ["http://localhost:4000/cb"],
        };

        var registered = host.RegisterConnectedApp(client);
        var duplicate = Assert.Throws<ArgumentException>(() => host.RegisterConnectedApp(client));
        var invalid = Assert.Throws<ArgumentException>(() => host.RegisterConnectedApp(new ConnectedAppClient { ClientType = "nope", RedirectUrls = ["ftp//x"] }));

        Assert.Equal(new RegisteredConnectedApp(client.ClientId, "a-secret-chosen-by-the-test"), registered);
        Assert.Contains("already exists", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("client_type must be one of", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("'ftp//x' is not an absolute URL", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultSeedHasAThirdPartyClientTheDemoUserHasNotAuthorised()
    {
        var options = new EmulatorOptions();

        var partner = Assert.Single(options.ConnectedAppClients, c => c.ClientId == IdpFlow.PartnerApp);

        Assert.Equal(("third_party", IdpFlow.PartnerSecret), (partner.ClientType, partner.ClientSecret));
        Assert.Contains(IdpFlow.PartnerRedirect, partner.RedirectUrls);
        Assert.DoesNotContain(options.Users[0].ConnectedApps, a => a.ConnectedAppId == IdpFlow.PartnerApp);
        Assert.Equal(
            [Demo.CliApp, Demo.DashboardApp, Demo.MobileApp, IdpFlow.PartnerApp],
            options.ConnectedAppClients.Select(c => c.ClientId));
    }

    [Fact]
    public void ASeededConfidentialClientWithoutASecretFailsStartUp()
    {
        var options = new EmulatorOptions
        {
            ConnectedAppClients = [new ConnectedAppClient { ClientId = "connected-app-test-1", ClientType = "third_party" }],
            AuthorizationUrl = "not a url",
        };

        var error = Assert.Throws<ArgumentException>(() => StytchEmulatorApp.Build(options, []));

        Assert.Contains("set its ClientSecret", error.Message, StringComparison.Ordinal);
        Assert.Contains("AuthorizationUrl", error.Message, StringComparison.Ordinal);
    }
}
