using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Bff.Spa;

/// <summary>The demo SPA in wwwroot: static files, client-side route fallback, and the browser security headers.</summary>
public static class SpaExtensions
{
    /// <summary>First in the pipeline, so that every response carries the headers.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.UseMiddleware<SecurityHeadersMiddleware>();

    /// <summary>Serves wwwroot before routing and authentication: files need no session and no Stytch call.</summary>
    public static IApplicationBuilder UseSpaStaticFiles(this IApplicationBuilder app) =>
        app.UseStaticFiles(StaticFileOptions());

    /// <summary>Client-side routes get index.html when nothing else matched (see <see cref="SpaFallbackMiddleware"/>).</summary>
    public static IApplicationBuilder UseSpaFallback(this IApplicationBuilder app) => app.UseMiddleware<SpaFallbackMiddleware>();

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
