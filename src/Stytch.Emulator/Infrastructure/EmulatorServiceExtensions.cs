using Stytch.Emulator.ConnectedApps;
using Stytch.Emulator.Idp;
using Stytch.Emulator.Jwt;
using Stytch.Emulator.MagicLinks;
using Stytch.Emulator.OAuth;
using Stytch.Emulator.Sessions;
using Stytch.Emulator.State;

namespace Stytch.Emulator.Infrastructure;

internal static class EmulatorServiceExtensions
{
    /// <summary>Registers one emulated project's state. Everything is a singleton: the state lives in memory.</summary>
    public static IServiceCollection AddStytchEmulator(this IServiceCollection services, EmulatorOptions options, EmulatorClock clock)
    {
        services.AddSingleton(options);
        services.AddSingleton(clock);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(_ => new FaultInjector());
        services.AddSingleton(_ => new CallLog());
        services.AddSingleton(_ => new MagicLinkInbox());
        services.AddSingleton(_ => new UserStore(options, clock));
        services.AddSingleton(_ => new SessionStore(clock));
        services.AddSingleton(_ => new SigningKeys(options.ProjectId, clock));
        services.AddSingleton(sp => new SessionJwtIssuer(sp.GetRequiredService<SigningKeys>(), options, clock));
        services.AddSingleton(sp => new LoginSessions(sp.GetRequiredService<SessionStore>(), sp.GetRequiredService<SessionJwtIssuer>(), clock));
        services.AddSingleton(_ => new OneTimeTokens<PendingMagicLink>(clock));
        services.AddSingleton(_ => new OneTimeTokens<PendingOAuthFlow>(clock));
        services.AddSingleton(_ => new OneTimeTokens<PendingOAuthLogin>(clock));
        services.AddSingleton(_ => new ConnectedAppClientStore(options));
        services.AddSingleton(sp => new ConnectedAppRegistry(
            sp.GetRequiredService<ConnectedAppClientStore>(), sp.GetRequiredService<ILogger<ConnectedAppRegistry>>()));
        services.AddSingleton(_ => new IdpSettings(options));
        services.AddSingleton(_ => new AuthorizationCodes(clock));
        services.AddSingleton(sp => new IdpTokenStore(sp.GetRequiredService<UserStore>(), clock));
        services.AddSingleton(sp => new IdpTokenIssuer(sp.GetRequiredService<SigningKeys>(), sp.GetRequiredService<IdpTokenStore>(), options, clock));
        return services;
    }
}
