using Bff.Hosting;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Transforms;

namespace Bff.Proxy;

/// <summary>
/// Keeps the BFF's own response headers authoritative on proxied responses: the BFF request id stays the only
/// <c>X-Request-Id</c> (YARP would append the upstream's), and an upstream can never set or delete one of the BFF's
/// cookies (session fixation through a proxied <c>Set-Cookie</c>). Status, body and every other header pass unchanged.
/// </summary>
internal sealed partial class BffResponseTransform(string routeId, BffCookieNames cookies, ILogger logger) : ResponseTransform
{
    public override ValueTask ApplyAsync(ResponseTransformContext context)
    {
        var headers = context.HttpContext.Response.Headers;
        headers[RequestIdMiddleware.HeaderName] = RequestIdMiddleware.Get(context.HttpContext);

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
