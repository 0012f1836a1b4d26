using Sample.Api;
using Stytch.Emulator;

namespace Bff.Development;

/// <summary>
/// The Stytch emulator the BFF started for itself in Development (see
/// <see cref="DevelopmentEmulatorExtensions.AddDevelopmentEmulatorAsync"/>), with the demo API behind <c>/api/**</c>
/// that verifies its JWTs. Registered only then; disposing the app's services stops both.
/// </summary>
public sealed class DevelopmentEmulator(EmulatorHost host, SampleApiHost sampleApi) : IAsyncDisposable
{
    public EmulatorHost Host { get; } = host;

    /// <summary>The demo upstream (src/Sample.Api) the <c>sample-api</c> cluster points at.</summary>
    public SampleApiHost SampleApi { get; } = sampleApi;

    public Uri BaseUrl => Host.BaseUrl;

    /// <summary>The emulator's page listing the magic-link emails it "sent".</summary>
    public Uri InboxUrl => new(Host.BaseUrl, "emulator/inbox");

    /// <summary>The first seed user that has a password: the login shown on the SPA's login page.</summary>
    public SeedUser? DemoUser => Host.Options.Users.FirstOrDefault(u => !string.IsNullOrEmpty(u.Password));

    public async ValueTask DisposeAsync()
    {
        await SampleApi.DisposeAsync();
        await Host.DisposeAsync();
    }
}
