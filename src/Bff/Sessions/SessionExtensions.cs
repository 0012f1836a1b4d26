using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bff.Sessions;

/// <summary>
/// The session layer's entry point. The path of one authenticated request through it:
/// <list type="number">
/// <item><b>Cookie</b>: the cookie handler reads the <c>__Host-</c> cookie by its exact name
/// (<see cref="ExactNameCookieManager"/>); <see cref="SessionCookieEvents"/> answers 401/403 problems instead of
/// redirects and enforces the absolute lifetime.</item>
/// <item><b>Format</b>: the cookie is a Data-Protected ticket that holds only the session key;
/// <see cref="CachingTicketDataFormat"/> remembers recently unprotected cookies (a cookie that fails is never cached).</item>
/// <item><b>Store</b>: <see cref="DistributedTicketStore"/> loads the session by key from <c>IDistributedCache</c>
/// (memory, or Redis across instances), through <see cref="LocalSessionCache"/>'s decoded copies while
/// <see cref="ISessionPeers"/> says they can be trusted; it keeps <see cref="ISessionIndex"/> (a user's sessions) in
/// step, and answers 503 (<see cref="SessionStoreUnavailableException"/>) rather than a logout when the store is down.</item>
/// <item><b>Freshness</b>: <see cref="SessionFreshnessMiddleware"/> (after authentication) asks
/// <see cref="SessionRefresher"/> to call Stytch's <c>sessions/authenticate</c> only when the JWT has expired or
/// the last check is older than <c>Session:MaxStaleness</c>, once per session at a time (across instances with Redis);
/// a session Stytch no longer knows ends here (401).</item>
/// <item><b>BffSession</b>: <see cref="SessionTicket"/> (the one owner of what the ticket stores) reads the ticket into
/// the <see cref="BffSession"/> that handlers take as a parameter.</item>
/// </list>
/// Logins and logouts start and end sessions through <see cref="SessionCookie"/>; "log out everywhere" and operators go
/// through <see cref="ISessionRevocation"/>.
/// </summary>
public static class SessionExtensions
{
    public const string DataProtectionApplicationName = "stytch-bff";

    /// <summary>Cookie authentication over server-side sessions: the <c>__Host-</c> cookie holds only the session key.</summary>
    public static IServiceCollection AddBffSessions(this IServiceCollection services)
    {
        services.AddOptions<BffSessionOptions>().BindConfiguration(BffSessionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BffSessionOptions>, BffSessionOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddDistributedMemoryCache();
        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.TryAddSingleton<ISessionIndex, MemorySessionIndex>();
        services.TryAddSingleton<ISessionPeers, NoSessionPeers>();
        services.AddSingleton<LocalSessionCache>();
        services.AddSingleton<DistributedTicketStore>();
        services.AddSingleton<ITicketStore>(sp => sp.GetRequiredService<DistributedTicketStore>());
        services.AddSingleton<SessionRefresher>();
        services.AddSingleton<SessionCookie>();
        services.AddSingleton<SessionCookieEvents>();
        services.AddTransient<ISessionRevocation, SessionRevocation>();
        services.PostConfigure<ProblemDetailsOptions>(SessionStoreProblem.Wrap);

        services.AddAuthentication(SessionTicket.Scheme).AddCookie(SessionTicket.Scheme);
        services.AddOptions<CookieAuthenticationOptions>(SessionTicket.Scheme)
            .Configure<IOptions<BffSessionOptions>, ITicketStore>((cookie, session, store) =>
            {
                var o = session.Value;
                cookie.Cookie.Name = o.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                cookie.Cookie.SameSite = o.SameSite;
                cookie.Cookie.Path = "/";
                cookie.Cookie.Domain = null;
                cookie.Cookie.IsEssential = true;
                cookie.CookieManager = new ExactNameCookieManager();
                cookie.ExpireTimeSpan = o.IdleTimeout;
                cookie.SlidingExpiration = true;
                cookie.SessionStore = store;
                cookie.EventsType = typeof(SessionCookieEvents);
            });
        // After the cookie handler's own post-configuration, which creates the Data Protection format this wraps.
        services.PostConfigure<CookieAuthenticationOptions>(SessionTicket.Scheme, cookie => cookie.TicketDataFormat = new CachingTicketDataFormat(cookie.TicketDataFormat));
        services.AddOptions<CookieAuthenticationOptions>(SessionTicket.Scheme).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CookieAuthenticationOptions>, HostCookieRulesValidator>();
        services.AddAuthorization();
        return services;
    }

    public static IApplicationBuilder UseSessionFreshness(this IApplicationBuilder app) => app.UseMiddleware<SessionFreshnessMiddleware>();

    /// <summary>The endpoint ends the session: it needs no Stytch check first (see <see cref="SkipSessionRefreshMetadata"/>).</summary>
    public static TBuilder SkipSessionRefresh<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(SkipSessionRefreshMetadata.Instance);
}
