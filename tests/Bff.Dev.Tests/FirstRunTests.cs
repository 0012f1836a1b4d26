using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bff.Stytch;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bff.Dev.Tests;

/// <summary>
/// The offline first run: the dev host's loopback services and the real BFF configured with their settings (in
/// process), and the built dev host as <c>dotnet run --project src/Bff.Dev</c> starts it (a process).
/// </summary>
public sealed class FirstRunTests
{
    private const string DemoEmail = "demo@example.com";
    private const string DemoPassword = "correct-horse-battery-staple";

    [Fact]
    public async Task InDevelopmentWithoutStytchSettingsTheBffRunsOnTheEmulatorAndTheDemoLoginWorks()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var firstRun = await FirstRun.StartAsync(ct);
        await using var factory = new HostedBffFactory("Development", firstRun.BffSettings);
        var client = factory.CreateSpaClient();

        var emulator = firstRun.Stytch;
        var stytch = factory.Services.GetRequiredService<IOptions<StytchOptions>>().Value;
        Assert.True(emulator.BaseUrl.IsLoopback);
        Assert.Equal(emulator.BaseUrl, stytch.BaseUrl);
        Assert.Equal(emulator.Host.Options.ProjectId, stytch.ProjectId);
        Assert.Equal(emulator.Host.Options.PublicToken, stytch.PublicToken);

        var info = await client.GetFromJsonAsync<JsonElement>("/dev/info", ct);
        Assert.True(info.GetProperty("emulator").GetBoolean());
        Assert.Equal(emulator.BaseUrl.AbsoluteUri, info.GetProperty("stytch_base_url").GetString());
        Assert.Equal(new Uri(emulator.BaseUrl, "emulator/inbox").AbsoluteUri, info.GetProperty("inbox_url").GetString());
        Assert.Equal(DemoEmail, info.GetProperty("demo_login").GetProperty("email").GetString());
        Assert.Equal(DemoPassword, info.GetProperty("demo_login").GetProperty("password").GetString());

        using var login = await client.PostAsJsonAsync("/auth/password", new { email = DemoEmail, password = DemoPassword }, ct);
        Assert.True(login.StatusCode == HttpStatusCode.OK, await login.Content.ReadAsStringAsync(ct));
        var apps = await client.GetFromJsonAsync<JsonElement>("/me/connected-apps", ct);
        Assert.Equal(
            ["Analytics Dashboard", "Example CLI", "Mobile Companion"],
            apps.GetProperty("connected_apps").EnumerateArray().Select(a => a.GetProperty("name").GetString()).Order());

        // The demo route reaches the demo API, which verified the emulator-signed session JWT.
        var hello = await client.GetFromJsonAsync<JsonElement>("/api/hello", ct);
        Assert.Equal(emulator.Host.FindUserId(DemoEmail), hello.GetProperty("sub").GetString());
        Assert.Equal(firstRun.SampleApi.Host.BaseAddress.AbsoluteUri, factory.Services.GetRequiredService<IConfiguration>()[SampleApiService.AddressKey]);
    }

    [Fact]
    public async Task TheFirstRunRegistersTheSampleConnectedAppAndPointsDiscoveryAtTheBffsConsentPage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var firstRun = await FirstRun.StartAsync(ct);
        await using var factory = new HostedBffFactory("Development", firstRun.BffSettings);
        var client = factory.CreateSpaClient();
        firstRun.UseConsentPageOf(new Uri("http://localhost:5000"));
        var sample = firstRun.SampleConnectedApp.Host;

        var info = await client.GetFromJsonAsync<JsonElement>("/dev/info", ct);
        using var stytch = firstRun.Stytch.Host.CreateClient(withCredentials: false);
        var discovery = await stytch.GetFromJsonAsync<JsonElement>(".well-known/openid-configuration", ct);
        using var registered = firstRun.Stytch.Host.CreateClient();
        var got = await registered.GetFromJsonAsync<JsonElement>($"v1/connected_apps/clients/{sample.Client.ClientId}", ct);
        using var page = new HttpClient { BaseAddress = sample.BaseAddress };
        var home = await page.GetStringAsync("/", ct);

        Assert.Equal(sample.BaseAddress.AbsoluteUri, info.GetProperty("sample_connected_app_url").GetString());
        Assert.True(sample.BaseAddress.IsLoopback);
        Assert.Equal("http://localhost:5000/oauth/authorize", discovery.GetProperty("authorization_endpoint").GetString());
        var registration = got.GetProperty("connected_app");
        Assert.Equal("third_party", registration.GetProperty("client_type").GetString());
        Assert.Equal([new Uri(sample.BaseAddress, "callback").AbsoluteUri], registration.GetProperty("redirect_urls").EnumerateArray().Select(u => u.GetString()));
        Assert.NotNull(sample.Client.ClientSecret); // a confidential client
        Assert.Contains("href=\"/connect\">Connect</a>", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFirstRunLogsWhichStytchTheDemoLoginAndTheInboxButNeverTheProjectSecret()
    {
        var devHostLogs = new CapturedDevHostLogs();
        await using var firstRun = await FirstRun.StartAsync(TestContext.Current.CancellationToken);
        firstRun.LogStarted(devHostLogs);
        await using var factory = new HostedBffFactory("Development", firstRun.BffSettings);
        _ = factory.CreateSpaClient();
        var emulator = firstRun.Stytch;

        var stytch = Assert.Single(devHostLogs.WithEventName("DevelopmentEmulatorStytch"));
        Assert.Equal(emulator.BaseUrl.AbsoluteUri, stytch.Property("StytchBaseUrl"));
        Assert.Contains("EMULATOR", stytch.Message, StringComparison.Ordinal);
        var demo = Assert.Single(factory.Logs.WithEventName("DevelopmentDemoLogin"));
        Assert.Equal(DemoEmail, CapturedLogs.Property(demo, "DemoEmail"));
        Assert.Equal(DemoPassword, CapturedLogs.Property(demo, "DemoPassword"));
        var sampleApi = Assert.Single(devHostLogs.WithEventName("DevelopmentSampleApi"));
        Assert.Equal(firstRun.SampleApi.Host.BaseAddress.AbsoluteUri, sampleApi.Property("SampleApiUrl"));
        var sampleConnectedApp = Assert.Single(devHostLogs.WithEventName("DevelopmentSampleConnectedApp"));
        Assert.Equal(firstRun.SampleConnectedApp.Host.BaseAddress.AbsoluteUri, sampleConnectedApp.Property("SampleConnectedAppUrl"));
        Assert.DoesNotContain(firstRun.SampleConnectedApp.Host.Client.ClientSecret!, devHostLogs.AllText(), StringComparison.Ordinal);
        var inbox = Assert.Single(factory.Logs.WithEventName("DevelopmentInbox"));
        Assert.Equal(new Uri(emulator.BaseUrl, "emulator/inbox").AbsoluteUri, CapturedLogs.Property(inbox, "InboxUrl"));
        Assert.Single(factory.Logs.WithEventName("DevelopmentAppUrl"));
        Assert.DoesNotContain(emulator.Host.Options.Secret, factory.Logs.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(emulator.Host.Options.Secret, devHostLogs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBuiltDevHostStartedWithoutSettingsServesTheSpaOnTheEmulatorAndSaysSo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bff = DevHostProcess.Start("Development");

        var url = await bff.WaitUntilListeningAsync(ct);
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-CSRF", "1");
        var index = await http.GetStringAsync("/", ct);
        var info = await http.GetFromJsonAsync<JsonElement>("/dev/info", ct);

        Assert.Contains("<script type=\"module\" src=\"/js/app.js\"></script>", index, StringComparison.Ordinal);
        var emulator = new Uri(info.GetProperty("stytch_base_url").GetString()!);
        Assert.True(emulator.IsLoopback);
        var output = bff.Output;
        Assert.Contains($"The demo app is at {url.GetLeftPart(UriPartial.Authority)}", output, StringComparison.Ordinal);
        Assert.Contains($"built-in Stytch EMULATOR at {emulator.AbsoluteUri}", output, StringComparison.Ordinal);
        Assert.Contains($"Demo login (emulator seed user): {DemoEmail} / {DemoPassword}", output, StringComparison.Ordinal);
        Assert.Contains($"Magic-link emails land in the emulator inbox: {emulator.AbsoluteUri}emulator/inbox", output, StringComparison.Ordinal);
        var sampleApp = info.GetProperty("sample_connected_app_url").GetString()!;
        Assert.Contains("A sample third-party app (src/Sample.ConnectedApp, Connected App connected-app-test-", output, StringComparison.Ordinal);
        Assert.Contains($"is at {sampleApp}", output, StringComparison.Ordinal);
        using var stytch = new HttpClient { BaseAddress = emulator };
        var discovery = await stytch.GetFromJsonAsync<JsonElement>(".well-known/openid-configuration", ct);
        Assert.Equal("http://localhost:5000/oauth/authorize", discovery.GetProperty("authorization_endpoint").GetString()); // Bff:PublicOrigin of appsettings.Development.json
    }

    [Fact]
    public async Task OutsideDevelopmentMissingStytchCredentialsFailStartUpWithTheKeysToSetAndNoEmulator()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bff = DevHostProcess.Start("Production", new Dictionary<string, string>
        {
            ["Bff__PublicOrigin"] = "https://app.example.test",
            ["Stytch__Emulator"] = "true", // even asked for, the emulator is a Development-only convenience
        });

        var exitCode = await bff.WaitForExitAsync(ct);

        var output = bff.Output;
        Assert.True(exitCode != 0, output);
        Assert.Contains("Stytch:ProjectId is missing", output, StringComparison.Ordinal);
        Assert.Contains("Stytch:Secret is missing", output, StringComparison.Ordinal);
        Assert.DoesNotContain("EMULATOR", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InDevelopmentTheEmulatorCanBeSwitchedOffAndThenMissingCredentialsFailStartUp()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bff = DevHostProcess.Start("Development", new Dictionary<string, string> { ["Stytch__Emulator"] = "false" });

        var exitCode = await bff.WaitForExitAsync(ct);

        var output = bff.Output;
        Assert.True(exitCode != 0, output);
        Assert.Contains("Stytch:ProjectId is missing", output, StringComparison.Ordinal);
        Assert.DoesNotContain("EMULATOR", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InDevelopmentAHalfConfiguredStytchProjectIsNeverReplacedByTheEmulator()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bff = DevHostProcess.Start("Development", new Dictionary<string, string>
        {
            ["Stytch__ProjectId"] = "project-test-00000000-0000-4000-8000-000000000042",
        });

        var exitCode = await bff.WaitForExitAsync(ct);

        var output = bff.Output;
        Assert.True(exitCode != 0, output);
        Assert.Contains("Stytch:Secret is missing", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Stytch:ProjectId is missing", output, StringComparison.Ordinal);
        Assert.DoesNotContain("EMULATOR", output, StringComparison.Ordinal);
    }
}
