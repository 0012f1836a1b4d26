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
        return services;
    }
}
