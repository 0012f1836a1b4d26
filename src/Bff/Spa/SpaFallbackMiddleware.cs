using Microsoft.Net.Http.Headers;

namespace Bff.Spa;

/// <summary>
/// Serves the SPA's index.html for a GET or HEAD of a client-side route (a path without a file extension, outside the
/// server's own prefixes) that matched no endpoint, so reloading /account works. It is deliberately not a fallback
/// route: a catch-all endpoint would sit beside every real endpoint in the router and win over the 405/415 answers.
/// Anything else that matched nothing falls through to the status-code pages: 404 problem+json.
/// </summary>
public sealed class SpaFallbackMiddleware(RequestDelegate next, IWebHostEnvironment environment)
{
    /// <summary>The first path segments that belong to the server, never to the SPA.</summary>
    public static readonly IReadOnlySet<string> ServerPrefixes =
        new HashSet<string>(["api", "auth", "me", "dev", "healthz", "readyz", "openapi", "scalar"], StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not null
            || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            || !IsClientRoute(context.Request.Path)
            || environment.WebRootFileProvider.GetFileInfo("index.html") is not { Exists: true } index)
        {
            return next(context);
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        context.Response.ContentLength = index.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.SendFileAsync(index, context.RequestAborted);
    }

    internal static bool IsClientRoute(PathString path)
    {
        var value = path.Value ?? "/";
        var segments = value.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return true;
        }

        return !ServerPrefixes.Contains(segments[0]) && !segments[^1].Contains('.', StringComparison.Ordinal);
    }
}
