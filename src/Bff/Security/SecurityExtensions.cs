using Microsoft.Extensions.Options;

namespace Bff.Security;

public static class SecurityExtensions
{
    public static IServiceCollection AddBffSecurity(this IServiceCollection services)
    {
        services.AddOptions<BffOptions>().BindConfiguration(BffOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BffOptions>, BffOptionsValidator>();
        return services;
    }

    /// <summary>Marks the endpoints as SPA API endpoints: <c>X-CSRF: 1</c> and the Origin allow-list are required.</summary>
    public static TBuilder RequireCsrf<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(CsrfMetadata.Instance);
        return builder;
    }

    public static IApplicationBuilder UseCsrfProtection(this IApplicationBuilder app) => app.UseMiddleware<CsrfMiddleware>();

    /// <summary>Refuses requests for a host the site is not served under (see <see cref="AllowedHostsMiddleware"/>). After the health probes.</summary>
    public static IApplicationBuilder UseAllowedHosts(this IApplicationBuilder app) => app.UseMiddleware<AllowedHostsMiddleware>();
}
