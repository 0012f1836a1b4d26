using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Bff.Stytch;

public static class StytchExtensions
{
    /// <summary>Registers the Stytch options (validated at start-up) and the one typed <see cref="StytchClient"/>.</summary>
    public static IServiceCollection AddStytch(this IServiceCollection services)
    {
        services.AddOptions<StytchOptions>()
            .BindConfiguration(StytchOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StytchOptions>, StytchOptionsValidator>();
        services.AddSingleton<StytchProblems>();
        services.AddHttpContextAccessor();
        services.AddTransient<StytchBasicAuthHandler>();
        services.AddTransient<StytchCallLoggingHandler>();

        var client = services.AddHttpClient<StytchClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<StytchOptions>>().Value;
                http.BaseAddress = options.EffectiveBaseUrl;
                http.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline owns every timeout
                http.DefaultRequestHeaders.UserAgent.ParseAdd("stytch-bff/1.0");
            });

        // One resilience handler, outermost. The handlers added after it run once per attempt, next to the wire.
        client.AddStandardResilienceHandler()
            .Configure((resilience, sp) => ConfigureResilience(resilience, sp.GetRequiredService<IOptions<StytchOptions>>().Value));
        client.AddHttpMessageHandler<StytchCallLoggingHandler>()
            .AddHttpMessageHandler<StytchBasicAuthHandler>();

        // StytchCallLoggingHandler logs every attempt. The factory's own loggers add nothing but a hazard: at Trace their
        // header event redacts the message text, yet carries the raw header values (the Basic credential) as
        // structured properties, which Serilog records.
        client.RemoveAllLoggers();

        return services;
    }

    private static void ConfigureResilience(HttpStandardResilienceOptions resilience, StytchOptions options)
    {
        resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
        resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
        resilience.CircuitBreaker.SamplingDuration = options.AttemptTimeout * 2 > TimeSpan.FromSeconds(30)
            ? options.AttemptTimeout * 2
            : TimeSpan.FromSeconds(30);
        resilience.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetries);
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
        resilience.Retry.ShouldRetryAfterHeader = true;
        var maxRetries = options.MaxRetries;
        var maxRetryAfter = options.MaxRetryAfter;
        resilience.Retry.ShouldHandle = args =>
        {
            if (maxRetries == 0 || args.AttemptNumber >= maxRetries)
            {
                return ValueTask.FromResult(false);
            }

            // Only idempotent calls are retried; single-use token exchanges never are.
            var request = args.Context.GetRequestMessage();
            if (request is null || StytchCall.Of(request) is not { Retryable: true })
            {
                return ValueTask.FromResult(false);
            }

            if (args.Outcome.Result is { } response && StytchClient.IsRetryAfterTooLong(response, maxRetryAfter))
            {
                return ValueTask.FromResult(false);
            }

            return ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome));
        };
    }
}
