namespace Bff.Development;

public static class DevelopmentExtensions
{
    /// <summary>
    /// Development conveniences that change nothing else: the start-up banner (where the app is, which Stytch, the demo
    /// login) and the JSON of <c>GET /dev/info</c> (mapped by <see cref="DevInfoEndpoints.MapDevInfo"/>). Both only act
    /// in Development; the offline first run itself is the dev host's job (src/Bff.Dev).
    /// </summary>
    public static IServiceCollection AddDevelopmentInfo(this IServiceCollection services)
    {
        services.AddOptions<DevelopmentOptions>().BindConfiguration(DevelopmentOptions.SectionName);
        services.AddHostedService<DevelopmentBanner>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(DevelopmentJsonContext.Default));
        return services;
    }
}
