using System.Net.Http.Json;
using System.Text.Json;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Development;

/// <summary>
/// The BFF's own Development conveniences: <c>GET /dev/info</c> and the start-up banner only echo the
/// <c>Development</c> settings the dev host (src/Bff.Dev) gives them. The BFF contains no emulator and no demo login.
/// </summary>
public sealed class DevInfoTests
{
    private static readonly Dictionary<string, string?> RealProject = new()
    {
        ["Stytch:ProjectId"] = FakeStytch.ProjectId,
        ["Stytch:Secret"] = FakeStytch.Secret,
        ["Stytch:BaseUrl"] = FakeStytch.BaseUrl.AbsoluteUri,
        ["Bff:PublicOrigin"] = "http://localhost:5000",
    };

    [Fact]
    public async Task DevInfoAndTheBannerEchoTheDevelopmentSettingsOfTheDevHost()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new HostedBffFactory("Development", new Dictionary<string, string?>(RealProject)
        {
            ["Development:Emulator"] = "true",
            ["Development:InboxUrl"] = "http://127.0.0.1:41000/emulator/inbox",
            ["Development:DemoLogin:Email"] = "someone@example.test",
            ["Development:DemoLogin:Password"] = "a-demo-password",
            ["Development:SampleConnectedAppUrl"] = "http://127.0.0.1:41001/",
        });
        var client = factory.CreateSpaClient();

        var info = await client.GetFromJsonAsync<JsonElement>("/dev/info", ct);

        Assert.Equal(FakeStytch.BaseUrl.AbsoluteUri, info.GetProperty("stytch_base_url").GetString());
        Assert.True(info.GetProperty("emulator").GetBoolean());
        Assert.Equal("http://127.0.0.1:41000/emulator/inbox", info.GetProperty("inbox_url").GetString());
        Assert.Equal("someone@example.test", info.GetProperty("demo_login").GetProperty("email").GetString());
        Assert.Equal("a-demo-password", info.GetProperty("demo_login").GetProperty("password").GetString());
        Assert.Equal("http://127.0.0.1:41001/", info.GetProperty("sample_connected_app_url").GetString());
        var demo = Assert.Single(factory.Logs.WithEventName("DevelopmentDemoLogin"));
        Assert.Equal("someone@example.test", CapturedLogs.Property(demo, "DemoEmail"));
        Assert.Single(factory.Logs.WithEventName("DevelopmentInbox"));
        Assert.Single(factory.Logs.WithEventName("DevelopmentAppUrl"));
        Assert.Empty(factory.Logs.WithEventName("DevelopmentRealStytch"));
    }

    [Fact]
    public async Task WithoutDevelopmentSettingsDevInfoNamesTheRealStytchAndNoDemoLogin()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new HostedBffFactory("Development", RealProject);
        var client = factory.CreateSpaClient();

        var info = await client.GetFromJsonAsync<JsonElement>("/dev/info", ct);

        Assert.Equal(FakeStytch.BaseUrl.AbsoluteUri, info.GetProperty("stytch_base_url").GetString());
        Assert.False(info.GetProperty("emulator").GetBoolean());
        Assert.False(info.TryGetProperty("inbox_url", out _));
        Assert.False(info.TryGetProperty("demo_login", out _));
        Assert.False(info.TryGetProperty("sample_connected_app_url", out _));
        Assert.Single(factory.Logs.WithEventName("DevelopmentRealStytch"));
        Assert.Empty(factory.Logs.WithEventName("DevelopmentDemoLogin"));
    }

    [Fact]
    public async Task InDevelopmentTheBffItselfStartsNoEmulatorSoMissingStytchSettingsStopIt()
    {
        var outcome = await BffProcess.RunUntilExitAsync(
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["DOTNET_ENVIRONMENT"] = "Development" },
            TestContext.Current.CancellationToken);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Stytch:ProjectId is missing", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("Stytch:Secret is missing", outcome.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("EMULATOR", outcome.Output, StringComparison.Ordinal);
    }
}
