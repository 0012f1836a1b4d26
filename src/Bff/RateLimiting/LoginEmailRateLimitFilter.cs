using Microsoft.Extensions.Options;

namespace Bff.RateLimiting;

/// <summary>
/// Runs after the request body is bound: spends one permit of the endpoint's per-email budget for the email address
/// the body names, and answers 429 (Stytch is not called) when it is spent. Applied by
/// <see cref="RateLimitingExtensions.RequireLoginRateLimit(RouteHandlerBuilder, LoginEmailBudget)"/>.
/// </summary>
internal sealed class LoginEmailRateLimitFilter(
    LoginEmailBudget budget, LoginEmailRateLimiter limiter, IOptions<RateLimitingOptions> options, ILogger<LoginEmailRateLimitFilter> logger)
    : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<IEmailTarget>().FirstOrDefault() is not { Email: { Length: > 0 } email })
        {
            return await next(context);
        }

        using var lease = limiter.Acquire(budget, email);
        if (lease.IsAcquired)
        {
            return await next(context);
        }

        var seconds = RateLimitRejection.RetryAfterSeconds(lease, options.Value.LoginEmailWindow);
        var problem = RateLimitRejection.Refuse(context.HttpContext, logger, "email address", seconds);
        problem.Detail = budget == LoginEmailBudget.MagicLink
            ? $"Too many login links were sent to this email address. Retry after {seconds} seconds."
            : $"Too many login attempts for this email address. Retry after {seconds} seconds.";
        problem.Extensions["error_message"] = problem.Detail;
        return TypedResults.Problem(problem);
    }
}
