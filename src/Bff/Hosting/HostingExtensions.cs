using System.Text.Json.Serialization;
using Bff.Sessions;

namespace Bff.Hosting;

public static class HostingExtensions
{
    /// <summary>problem+json for every failure, and the JSON shapes of the API (snake_case, like Stytch).</summary>
    public static IServiceCollection AddBffHosting(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            SessionStoreProblem(context);
            BffProblems.Customize(context);
        });
        services.AddValidation();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, BffJsonContext.Default);
        });
        return services;
    }

    /// <summary>The session store is down: fail closed with a 503 the SPA can retry, never a logout.</summary>
    private static void SessionStoreProblem(ProblemDetailsContext context)
    {
        if (context.Exception is not SessionStoreUnavailableException)
        {
            return;
        }

        const string message = "Sessions are temporarily unavailable. Try again in a few seconds; you are still logged in.";
        context.ProblemDetails.Detail = message;
        context.ProblemDetails.Extensions["error_type"] = "session_store_unavailable";
        context.ProblemDetails.Extensions["error_message"] = message;
        context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
    }

    private const string RetryAfterSeconds = "5";

    public static IApplicationBuilder UseBffErrorHandling(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                SessionStoreUnavailableException => StatusCodes.Status503ServiceUnavailable,
                BadHttpRequestException bad => bad.StatusCode,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        return app;
    }
}
