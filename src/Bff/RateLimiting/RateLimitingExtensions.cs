using Microsoft.Extensions.Options;

namespace Bff.RateLimiting;

public static class RateLimitingExtensions
{
    /// <summary>The name of the policy on every endpoint that calls Stytch.</summary>
    public const string StytchCallsPolicy = "stytch-calls";

    private static readonly ProducesResponseTypeMetadata TooManyRequestsProblem =
        new(StatusCodes.Status429TooManyRequests, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]);

    /// <summary>Registers the per-session Stytch call limit (options validated at start-up).</summary>
    public static IServiceCollection AddBffRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy<string, StytchCallRateLimitPolicy>(StytchCallsPolicy);
        });
        return services;
    }

    /// <summary>
    /// Limits the endpoints per session (or per client address without one): use on every endpoint that calls Stytch.
    /// A refusal is a 429 problem with Retry-After, declared for the OpenAPI document.
    /// </summary>
    public static TBuilder RequireStytchRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(StytchCallsPolicy).WithMetadata(TooManyRequestsProblem);

    /// <summary>After session freshness and authorization: the limiter partitions by the attached session.</summary>
    public static IApplicationBuilder UseBffRateLimiting(this IApplicationBuilder app) => app.UseRateLimiter();
}
