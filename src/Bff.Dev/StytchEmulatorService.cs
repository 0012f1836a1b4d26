using Bff.Development;
using Bff.Stytch;
using Stytch.Emulator;

namespace Bff.Dev;

/// <summary>
/// The Stytch emulator (src/Stytch.Emulator) with its default project and demo user, on a free loopback port. The BFF
/// gets the project's settings and, for the login page, the demo login and the magic-link inbox.
/// </summary>
public sealed class StytchEmulatorService(EmulatorHost host) : IDevService
{
    public EmulatorHost Host { get; } = host;

    public Uri BaseUrl => Host.BaseUrl;

    /// <summary>The emulator's page listing the magic-link emails it "sent".</summary>
    public Uri InboxUrl => new(Host.BaseUrl, "emulator/inbox");

    /// <summary>The first seed user that has a password: the login shown on the SPA's login page.</summary>
    public SeedUser? DemoUser => Host.Options.Users.FirstOrDefault(u => !string.IsNullOrEmpty(u.Password));

    public IReadOnlyDictionary<string, string?> BffSettings => new Dictionary<string, string?>
    {
        [Stytch(nameof(StytchOptions.ProjectId))] = Host.Options.ProjectId,
        [Stytch(nameof(StytchOptions.Secret))] = Host.Options.Secret,
        [Stytch(nameof(StytchOptions.BaseUrl))] = Host.BaseUrl.AbsoluteUri,
        [Stytch(nameof(StytchOptions.PublicToken))] = Host.Options.PublicToken,
        [Development(nameof(DevelopmentOptions.Emulator))] = "true",
        [Development(nameof(DevelopmentOptions.InboxUrl))] = InboxUrl.AbsoluteUri,
        [Development($"{nameof(DevelopmentOptions.DemoLogin)}:{nameof(DemoLoginOptions.Email)}")] = DemoUser?.Email,
        [Development($"{nameof(DevelopmentOptions.DemoLogin)}:{nameof(DemoLoginOptions.Password)}")] = DemoUser?.Password,
    };

    public static async Task<StytchEmulatorService> StartAsync(CancellationToken ct) =>
        // The BFF's own lines say where the app is; the emulator's host lifetime lines would only add noise.
        new(await EmulatorHost.StartAsync(
            new EmulatorOptions(), b => b.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning), EmulatorHost.AnyFreePort, ct));

    /// <summary>The BFF's consent page (the SPA's <c>/oauth/authorize</c>) as the project's Authorization URL.</summary>
    public void UseConsentPageOf(Uri bffPublicOrigin)
    {
        ArgumentNullException.ThrowIfNull(bffPublicOrigin);
        Host.SetAuthorizationUrl(new Uri(bffPublicOrigin, "/oauth/authorize"));
    }

    public void LogStarted(ILogger logger) => DevHostLog.EmulatorStytch(logger, BaseUrl.AbsoluteUri, Host.Options.ProjectId);

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private static string Stytch(string key) => $"{StytchOptions.SectionName}:{key}";

    private static string Development(string key) => $"{DevelopmentOptions.SectionName}:{key}";
}
