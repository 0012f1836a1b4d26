using Microsoft.Net.Http.Headers;

namespace Bff.Hosting;

public static class NoStoreExtensions
{
    /// <summary>
    /// Per-user answers must not be kept by the browser's or any shared cache: <c>Cache-Control: no-store</c> on every
    /// response of the endpoints, problems included.
    /// </summary>
    public static TBuilder DisableHttpCache<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static (context, next) =>
        {
            context.HttpContext.Response.Headers[HeaderNames.CacheControl] = "no-store";
            return next(context);
        });
}
