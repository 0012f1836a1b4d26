using Microsoft.Extensions.Configuration;

namespace Stytch.Emulator.Tests;

/// <summary>The default project and seed, configuration binding, and fail-fast validation.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void DefaultOptionsAreTheDocumentedDemoProject()
    {
        var options = new EmulatorOptions();

        Assert.Equal("project-test-11111111-1111-4111-8111-111111111111", options.ProjectId);
        Assert.Equal("secret-test-emulator-not-a-real-secret", options.Secret);
        Assert.Equal("public-token-test-22222222-2222-4222-8222-222222222222", options.PublicToken);
        Assert.Equal(TimeSpan.FromMinutes(5), options.JwtLifetime);
        Assert.Equal("http://localhost:5000/oauth/authorize", options.AuthorizationUrl);
        Assert.Equal(4, options.ConnectedAppClients.Count);
        var demo = Assert.Single(options.Users);
        Assert.Equal(("demo@example.com", "correct-horse-battery-staple", "Ada", "Lovelace"), (demo.Email, demo.Password, demo.FirstName, demo.LastName));
        Assert.Equal(
            [
                ("connected-app-test-0a1b2c3d-0000-4000-8000-000000000001", "Example CLI", "third_party_public", "openid email profile"),
                ("connected-app-test-0a1b2c3d-0000-4000-8000-000000000002", "Analytics Dashboard", "third_party", "openid email"),
                ("connected-app-test-0a1b2c3d-0000-4000-8000-000000000003", "Mobile Companion", "first_party_public", "openid profile offline_access"),
            ],
            demo.ConnectedApps.Select(a => (a.ConnectedAppId, a.Name, a.ClientType, a.ScopesGranted)));
    }

    [Fact]
    public void ConfiguredUsersReplaceTheDemoUserInsteadOfJoiningIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Emulator:Secret"] = "configured-secret",
            ["Emulator:JwtLifetime"] = "00:02:00",
            ["Emulator:Users:0:Email"] = "solo@example.com",
            ["Emulator:Users:0:Password"] = "solo-password",
            ["Emulator:Users:0:ConnectedApps:0:ConnectedAppId"] = "connected-app-test-99999999-9999-4999-8999-999999999999",
            ["Emulator:Users:0:ConnectedApps:0:ClientType"] = "first_party",
        }).Build();

        var options = EmulatorConfiguration.Bind(configuration.GetSection(EmulatorOptions.SectionName));

        Assert.Equal("configured-secret", options.Secret);
        Assert.Equal(TimeSpan.FromMinutes(2), options.JwtLifetime);
        var user = Assert.Single(options.Users);
        Assert.Equal("solo@example.com", user.Email);
        Assert.Equal("first_party", Assert.Single(user.ConnectedApps).ClientType);
    }

    [Fact]
    public void ConfiguredConnectedAppClientsReplaceTheSeedAndTheAuthorizationUrlIsBound()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Emulator:AuthorizationUrl"] = "https://app.example.com/oauth/authorize",
            ["Emulator:ConnectedAppClients:0:ClientId"] = "connected-app-test-99999999-9999-4999-8999-999999999999",
            ["Emulator:ConnectedAppClients:0:ClientType"] = "third_party",
            ["Emulator:ConnectedAppClients:0:ClientSecret"] = "configured-client-secret",
            ["Emulator:ConnectedAppClients:0:RedirectUrls:0"] = "https://app.example.com/callback",
        }).Build();

        var options = EmulatorConfiguration.Bind(configuration.GetSection(EmulatorOptions.SectionName));

        Assert.Equal("https://app.example.com/oauth/authorize", options.AuthorizationUrl);
        var client = Assert.Single(options.ConnectedAppClients);
        Assert.Equal(("third_party", "configured-client-secret"), (client.ClientType, client.ClientSecret));
        Assert.Equal(["https://app.example.com/callback"], client.RedirectUrls);
    }

    [Fact]
    public void WithoutConfiguredUsersTheDemoUserStays()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Emulator:ProjectId"] = "project-test-33333333-3333-4333-8333-333333333333",
        }).Build();

        var options = EmulatorConfiguration.Bind(configuration.GetSection(EmulatorOptions.SectionName));

        Assert.Equal("project-test-33333333-3333-4333-8333-333333333333", options.ProjectId);
        Assert.Equal("demo@example.com", Assert.Single(options.Users).Email);
    }

    [Fact]
    public void InvalidOptionsFailFastListingEveryProblem()
    {
        var options = new EmulatorOptions
        {
            Secret = "",
            JwtLifetime = TimeSpan.Zero,
            Users = [new SeedUser { Email = "bad", ConnectedApps = [new SeedConnectedApp { ConnectedAppId = "x", ClientType = "nonsense" }] }],
        };

        var error = Assert.Throws<ArgumentException>(() => StytchEmulatorApp.Build(options, []));

        Assert.Contains("Secret is required.", error.Message, StringComparison.Ordinal);
        Assert.Contains("JwtLifetime", error.Message, StringComparison.Ordinal);
        Assert.Contains("Seed user email 'bad'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Connected App 'x'", error.Message, StringComparison.Ordinal);
    }
}
