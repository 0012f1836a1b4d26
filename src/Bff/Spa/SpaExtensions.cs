using Bff.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Bff.Spa;

/// <summary>The demo SPA in wwwroot: static files, client-side route fallback, and the browser security headers.</summary>
public static class SpaExtensions
{
    private const string ClientRoute = "{*path:nonfile:" + SpaRouteConstraint.Name + "}";

    public static IServiceCollection AddSpa(this IServiceCollection services) =>
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<SpaRouteConstraint>(SpaRouteConstraint.Name));

    /// <summary>First in the pipeline, so that every response carries the headers.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.UseMiddleware<SecurityHeadersMiddleware>();

    /// <summary>Serves wwwroot before routing and authentication: files need no session and no Stytch call.</summary>
    public static IApplicationBuilder UseSpaStaticFiles(this IApplicationBuilder app) =>
        app.UseStaticFiles(StaticFileOptions());

    /// <summary>
    /// A GET or HEAD of any client-side route (a path without a file extension, outside the server's prefixes) gets
    /// index.html, so reloading /account works. Any other method on such a path is a 404 problem: client routes are
    /// only ever read. Paths under the server's prefixes never reach these endpoints (see <see cref="SpaRouteConstraint"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapSpaFallback(this IEndpointRouteBuilder app)
    {
        app.MapFallbackToFile(ClientRoute, "index.html", StaticFileOptions())
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
            .Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = int.MaxValue - 1);
        app.MapFallback(ClientRoute, NotFound);
        return app;
    }

    private static ProblemHttpResult NotFound() =>
        BffProblems.Result(StatusCodes.Status404NotFound, "not_found", "There is nothing at this address for this method.");

    /// <summary>
    /// The files have no content hash in their names (no build step), so the browser revalidates them on every load
    /// (cheap: ETag/304) instead of running yesterday's script against today's API.
    /// </summary>
    private static StaticFileOptions StaticFileOptions() => new()
    {
        ContentTypeProvider = new FileExtensionContentTypeProvider(),
        OnPrepareResponse = file => file.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
    };
}
