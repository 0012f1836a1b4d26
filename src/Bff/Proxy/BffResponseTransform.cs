using Bff.Hosting;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;

namespace Bff.Proxy;

/// <summary>
/// Keeps the BFF's own response headers authoritative on proxied responses: the BFF request id stays the only
/// <c>X-Request-Id</c> (YARP would append the upstream's), and an upstream can never set or delete one of the BFF's
/// cookies (session fixation through a proxied <c>Set-Cookie</c>). Answers are <c>Cache-Control: no-store</c> unless
/// the route opts out (<see cref="ResponseCaching.Upstream"/>). An upstream's CORS grants (<c>Access-Control-*</c>:
/// the BFF's origin never shares answers with another origin) and <c>Refresh</c> (a redirect the SPA did not ask for)
/// are dropped. Status, body and every other header pass unchanged.
/// </summary>
internal sealed partial class BffResponseTransform(string routeId, ResponseCaching caching, BffCookieNames cookies, ILogger logger) : ResponseTransform
{
    public override ValueTask ApplyAsync(ResponseTransformContext context)
    {
        var headers = context.HttpContext.Response.Headers;
        headers[RequestIdMiddleware.HeaderName] = RequestIdMiddleware.Get(context.HttpContext);
        if (caching == ResponseCaching.NoStore)
        {
            headers.CacheControl = "no-store";
            headers.Remove(HeaderNames.Expires);
        }

        headers.Remove("Refresh");
        foreach (var name in headers.Keys.Where(k => k.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(name);
        }

        if (context.ProxyResponse is null || headers.SetCookie.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var kept = new List<string?>();
        foreach (var setCookie in headers.SetCookie)
        {
            if (cookies.IsBffCookie(BffCookieNames.SetCookieName(setCookie)))
            {
                Log.UpstreamSetBffCookieDropped(logger, routeId, BffCookieNames.SetCookieName(setCookie).ToString());
            }
            else
            {
                kept.Add(setCookie);
            }
        }

        headers.SetCookie = new StringValues([.. kept]);
        return ValueTask.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5004, EventName = "UpstreamSetBffCookieDropped", Level = LogLevel.Warning,
            Message = "The upstream of route {RouteId} tried to set the BFF's cookie {CookieName}; the Set-Cookie header was dropped")]
        public static partial void UpstreamSetBffCookieDropped(ILogger logger, string routeId, string cookieName);
    }
}
