using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Bff.Spa;

/// <summary>The demo SPA in wwwroot: static files, client-side route fallback, and the browser security headers.</summary>
public static class SpaExtensions
{
    /// <summary>Nothing to register: the SPA is files and one middleware (kept so Program.cs reads as a table of contents).</summary>
    public static IServiceCollection AddSpa(this IServiceCollection services) => services;

    /// <summary>First in the pipeline, so that every response carries the headers.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.UseMiddleware<SecurityHeadersMiddleware>();

    /// <summary>Serves wwwroot before routing and authentication: files need no session and no Stytch call.</summary>
    public static IApplicationBuilder UseSpaStaticFiles(this IApplicationBuilder app) =>
        app.UseStaticFiles(StaticFileOptions());

    /// <summary>
    /// A GET or HEAD of any client-side route (see <see cref="ClientRoutes"/>) that no endpoint took gets index.html, so
    /// reloading /account works. Any other method on such a path stays a 404 problem: client routes are only ever read.
    /// A middleware after routing, not a fallback endpoint: a catch-all endpoint is a routing candidate for every path,
    /// which turns the 405 of a known route called with the wrong method (and the 415 of a wrong content type) into 404s.
    /// </summary>
    public static IApplicationBuilder UseSpaFallback(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.GetEndpoint() is null
                && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                && ClientRoutes.IsClientRoute(context.Request.Path),
            spa => spa
                .Use(async (context, next) =>
                {
                    var clientRoute = context.Request.Path;
                    context.Request.Path = "/index.html";
                    try
                    {
                        await next(context);
                    }
                    finally
                    {
                        context.Request.Path = clientRoute; // the request log shows the path the browser asked for
                    }
                })
                .UseStaticFiles(StaticFileOptions()));

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
