using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bff.Sessions;

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
