using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Bff.Hosting;

/// <summary>Running behind a TLS-terminating load balancer: trusted forwarded headers, HSTS, graceful shutdown.</summary>
public static class LoadBalancerExtensions
{
    public static IServiceCollection AddBffBehindLoadBalancer(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersSettings>().BindConfiguration(ForwardedHeadersSettings.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, ForwardedHeadersSettingsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            forwarded.KnownProxies.Clear(); // no implicit trust, loopback included: only what is configured
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in settings.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            // With both lists empty, ASP.NET Core's middleware would believe every client (it checks the sender only
            // when a list has an entry); so nothing configured means no forwarded header is read at all. This also
            // overrides ASPNETCORE_FORWARDEDHEADERS_ENABLED, which would trust everyone.
            // Only the client address and the scheme. X-Forwarded-Host is not honoured: redirect URLs come from
            // Bff:PublicOrigin, never from a request header.
            forwarded.ForwardedHeaders = settings.Value.TrustsAnyProxy
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
            forwarded.ForwardLimit = settings.Value.ForwardLimit;
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false; // the BFF does not own its parent domain's policy
        });

        // In-flight requests get this long to finish on SIGTERM (Hosting:ShutdownTimeout; below the orchestrator's grace period).
        services.AddOptions<HostOptions>().BindConfiguration("Hosting");
        return services;
    }

    /// <summary>First in the pipeline, so logs, cookies and HSTS see the client's address and scheme.</summary>
    public static WebApplication UseBffBehindLoadBalancer(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        return app;
    }
}
