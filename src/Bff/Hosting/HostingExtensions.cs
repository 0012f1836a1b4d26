using System.Text.Json.Serialization;
using Bff.Sessions;

namespace Bff.Hosting;

public static class HostingExtensions
{
    /// <summary>problem+json for every failure, and the JSON shapes of the API (snake_case, like Stytch).</summary>
    public static IServiceCollection AddBffHosting(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = BffProblems.Customize);
        services.AddSingleton<IProblemDetailsWriter, AnyAcceptProblemWriter>(); // after the default writer: the fallback
        services.AddValidation();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, BffJsonContext.Default);
        });
        return services;
    }

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

    /// <summary>After routing: refuses a JSON body declared in a charset other than UTF-8 (see <see cref="JsonCharsetMiddleware"/>).</summary>
    public static IApplicationBuilder UseUtf8JsonBodies(this IApplicationBuilder app) => app.UseMiddleware<JsonCharsetMiddleware>();
}
