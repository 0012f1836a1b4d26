using Microsoft.Extensions.Options;

namespace Bff.RateLimiting;

public static class RateLimitingExtensions
{
    /// <summary>The name of the policy on the endpoints a signed-in user calls Stytch through.</summary>
    public const string StytchCallsPolicy = "stytch-calls";

    /// <summary>The name of the policy on the login endpoints (per client address, whatever the session).</summary>
    public const string LoginPolicy = "logins";

    /// <summary>Registers the per-session, per-address and per-email limits (options validated at start-up).</summary>
    public static IServiceCollection AddBffRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>();
        services.AddSingleton<LoginEmailRateLimiter>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy<string, StytchCallRateLimitPolicy>(StytchCallsPolicy);
            limiter.AddPolicy<string, LoginRateLimitPolicy>(LoginPolicy);
        });
        return services;
    }

    /// <summary>Limits the endpoints per session: use on every endpoint a signed-in user calls Stytch through.</summary>
    public static TBuilder RequireStytchRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(StytchCallsPolicy);

    /// <summary>Limits a login endpoint per client address, whatever session the request carries.</summary>
    public static TBuilder RequireLoginRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(LoginPolicy);

    /// <summary>
    /// Limits a login endpoint per client address and, once its body is bound, per target email address
    /// (<see cref="IEmailTarget"/>) in <paramref name="budget"/>, whatever session the request carries.
    /// </summary>
    public static RouteHandlerBuilder RequireLoginRateLimit(this RouteHandlerBuilder builder, LoginEmailBudget budget) =>
        builder.RequireLoginRateLimit()
            .AddEndpointFilterFactory((endpoint, next) =>
            {
                var filter = ActivatorUtilities.CreateInstance<LoginEmailRateLimitFilter>(endpoint.ApplicationServices, budget);
                return invocation => filter.InvokeAsync(invocation, next);
            })
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>After session freshness and authorization: the per-session limit partitions by the attached session.</summary>
    public static IApplicationBuilder UseBffRateLimiting(this IApplicationBuilder app) => app.UseRateLimiter();
}
