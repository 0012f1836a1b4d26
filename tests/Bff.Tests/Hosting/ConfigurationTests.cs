using System.Net;
using Bff.Security;
using Bff.Stytch;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bff.Tests.Hosting;

public sealed class ConfigurationTests
{
    private static readonly Dictionary<string, string> Complete = new()
    {
        ["Stytch__ProjectId"] = FakeStytch.ProjectId,
        ["Stytch__Secret"] = FakeStytch.Secret,
        ["Bff__PublicOrigin"] = BffFactory.PublicOrigin,
    };

    [Fact]
    public async Task WithNothingConfiguredStartupFailsNamingEveryMissingKeyWithoutAStackTrace()
    {
        var outcome = await BffProcess.RunUntilExitAsync(new Dictionary<string, string>(), TestContext.Current.CancellationToken);

        Assert.Equal(1, outcome.ExitCode);
        var lines = outcome.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("Configuration is incomplete:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Stytch:ProjectId", StringComparison.Ordinal) && l.Contains("Stytch__ProjectId", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Stytch:Secret", StringComparison.Ordinal) && l.Contains("Stytch__Secret", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Bff:PublicOrigin", StringComparison.Ordinal) && l.Contains("Bff__PublicOrigin", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        Assert.Equal(1, lines.Count(l => l.Contains("Stytch:Secret is missing", StringComparison.Ordinal))); // distinct failures only
        Assert.True(lines.Length <= 6, outcome.Output);
    }

    [Fact]
    public async Task AMissingSecretAloneFailsStartupWithAMessageNamingOnlyIt()
    {
        const string variable = "Stytch__Secret";
        const string key = "Stytch:Secret";
        var environment = Complete.Where(kv => kv.Key != variable).ToDictionary();

        var outcome = await BffProcess.RunUntilExitAsync(environment, TestContext.Current.CancellationToken);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Configuration is incomplete:", outcome.Output, StringComparison.Ordinal);
        Assert.Contains($"{key} is missing", outcome.Output, StringComparison.Ordinal);
        foreach (var other in Complete.Keys.Where(k => k != variable))
        {
            Assert.DoesNotContain(other.Replace("__", ":", StringComparison.Ordinal) + " is missing", outcome.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SettingsInTheConfigDirectoryAreReadOneFilePerKeyOverridingEmptyEnvironmentVariables()
    {
        // docker-compose's dev profile: the BFF's environment names the Stytch keys with empty values, the emulator
        // fills the key-per-file directory. PublicOrigin is left out so that the process stops and shows what it read.
        var directory = Directory.CreateTempSubdirectory("bff-config-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "Stytch__ProjectId"), FakeStytch.ProjectId, TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "Stytch__Secret"), FakeStytch.Secret, TestContext.Current.CancellationToken);
            // A writer's half-written file (ignore.*, renamed when complete) is never read.
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "ignore.Bff__PublicOrigin"), BffFactory.PublicOrigin, TestContext.Current.CancellationToken);

            var outcome = await BffProcess.RunUntilExitAsync(
                new Dictionary<string, string> { ["Hosting__ConfigDirectory"] = directory.FullName, ["Stytch__ProjectId"] = "", ["Stytch__Secret"] = "" },
                TestContext.Current.CancellationToken);

            Assert.Equal(1, outcome.ExitCode);
            Assert.Contains("Bff:PublicOrigin", outcome.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Stytch:ProjectId is missing", outcome.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Stytch:Secret is missing", outcome.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AConfigDirectoryThatDoesNotExistStopsStartUpNamingTheSetting()
    {
        var environment = new Dictionary<string, string>(Complete) { ["Hosting__ConfigDirectory"] = "/nonexistent/bff-config" };

        var outcome = await BffProcess.RunUntilExitAsync(environment, TestContext.Current.CancellationToken);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Hosting:ConfigDirectory is '/nonexistent/bff-config'", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyEnvironmentVariablesForStytchsOptionalUrlsMeanUnset()
    {
        // docker-compose passes "${STYTCH_BASE_URL:-}": empty must mean "derive from the project id", not an error.
        await using var factory = new BffFactory();
        factory.Settings["Stytch:BaseUrl"] = "";
        factory.Settings["Stytch:BrowserBaseUrl"] = "";
        factory.Settings["Stytch:ProjectId"] = "project-test-00000000-0000-4000-8000-000000000001";
        _ = factory.CreateClient();

        var options = factory.Services.GetRequiredService<IOptions<StytchOptions>>().Value;
        Assert.Equal(new Uri("https://test.stytch.com/"), options.EffectiveBaseUrl);
        Assert.Equal(new Uri("https://test.stytch.com/"), options.EffectiveBrowserBaseUrl);
    }

    [Theory]
    [InlineData("project-live-00000000-0000-4000-8000-000000000001", "https://api.stytch.com/")]
    [InlineData("project-test-00000000-0000-4000-8000-000000000001", "https://test.stytch.com/")]
    [InlineData("project-other", "https://test.stytch.com/")]
    public async Task StytchBaseUrlDefaultsFromTheProjectId(string projectId, string expected)
    {
        await using var factory = new BffFactory();
        factory.Settings["Stytch:ProjectId"] = projectId;
        factory.Settings.Remove("Stytch:BaseUrl");

        var response = await factory.CreateSpaClient().GetAsync("/auth/oauth/google", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(expected + "v1/public/oauth/google/start?", response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(new Uri(expected), factory.Services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(StytchClient)).BaseAddress);
        Assert.Equal(new Uri(expected), factory.Services.GetRequiredService<IOptions<StytchOptions>>().Value.EffectiveBaseUrl);
    }

    [Fact]
    public async Task AConfiguredStytchBaseUrlWins()
    {
        await using var factory = new BffFactory();
        factory.Settings["Stytch:ProjectId"] = "project-live-00000000-0000-4000-8000-000000000001";

        _ = factory.CreateSpaClient();

        Assert.Equal(FakeStytch.BaseUrl, factory.Services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(StytchClient)).BaseAddress);
    }

    [Theory]
    [InlineData("https://app.example.com/spa", "Bff:PublicOrigin", "origin only")]
    [InlineData("https://app.example.com/?x=1", "Bff:PublicOrigin", "origin only")]
    [InlineData("http://app.example.com", "Bff:PublicOrigin", "https")]
    public void APublicOriginThatIsNotAnHttpsOriginIsRefusedNamingTheKey(string origin, string key, string reason)
    {
        var result = new BffOptionsValidator().Validate(null, new BffOptions { PublicOrigin = new Uri(origin) });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(key, StringComparison.Ordinal) && f.Contains(reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://localhost:5173")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("https://app.example.com")]
    public void AnHttpsOriginOrALoopbackHttpOriginIsAccepted(string origin) =>
        Assert.True(new BffOptionsValidator().Validate(null, new BffOptions { PublicOrigin = new Uri(origin) }).Succeeded);

    [Fact]
    public void AnExtraAllowedOriginIsCheckedAndNamedByIndex()
    {
        var options = new BffOptions { PublicOrigin = new Uri("https://app.example.com"), AllowedOrigins = [new Uri("https://ok.example.com"), new Uri("http://evil.example.com")] };

        var result = new BffOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("Bff:AllowedOrigins:1", StringComparison.Ordinal));
    }

    [Fact]
    public void StytchTimeoutsAndBaseUrlAreValidatedNamingTheKeys()
    {
        var options = new StytchOptions
        {
            ProjectId = "project-test-1",
            Secret = "secret",
            BaseUrl = new Uri("ftp://stytch.example"),
            AttemptTimeout = TimeSpan.FromSeconds(20),
            TotalTimeout = TimeSpan.FromSeconds(10),
        };

        var result = new StytchOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("Stytch:BaseUrl", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Stytch:AttemptTimeout", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ftp://stytch.example/")]
    [InlineData("/relative/")]
    public void AStytchBrowserBaseUrlThatIsNotAnAbsoluteHttpUrlIsRefusedNamingTheKey(string url)
    {
        var options = new StytchOptions { ProjectId = "project-test-1", Secret = "secret", BrowserBaseUrl = new Uri(url, UriKind.RelativeOrAbsolute) };

        var result = new StytchOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("Stytch:BrowserBaseUrl", StringComparison.Ordinal));
    }
}
