using Stytch.Emulator;

namespace Bff.Development;

/// <summary>
/// The Stytch emulator the BFF started for itself in Development (see
/// <see cref="DevelopmentEmulatorExtensions.AddDevelopmentEmulatorAsync"/>). Registered only then; disposing the app's
/// services stops it.
/// </summary>
public sealed class DevelopmentEmulator(EmulatorHost host) : IAsyncDisposable
{
    public EmulatorHost Host { get; } = host;

    public Uri BaseUrl => Host.BaseUrl;

    /// <summary>The emulator's page listing the magic-link emails it "sent".</summary>
    public Uri InboxUrl => new(Host.BaseUrl, "emulator/inbox");

    /// <summary>The first seed user that has a password: the login shown on the SPA's login page.</summary>
    public SeedUser? DemoUser => Host.Options.Users.FirstOrDefault(u => !string.IsNullOrEmpty(u.Password));

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
