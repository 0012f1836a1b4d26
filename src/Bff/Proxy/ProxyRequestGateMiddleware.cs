using Bff.Hosting;
using Bff.Sessions;
using Microsoft.AspNetCore.Authentication;

namespace Bff.Proxy;

/// <summary>
/// First step of the proxy pipeline, before anything is forwarded:
/// a path that could be read as a different path by the upstream (see <see cref="ProxyPath"/>) is a 400 problem;
/// a <see cref="TokenRequirement.User"/> route without a session is challenged (the session cookie's events answer
/// 401 problem+json, never a 302).
/// </summary>
internal sealed partial class ProxyRequestGateMiddleware(RequestDelegate next, ILogger<ProxyRequestGateMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        if (!ProxyPath.IsUnambiguous(context.Request.Path))
        {
            Log.UnsafePathRefused(logger, route.RouteId);
            return BffProblems.Write(context, StatusCodes.Status400BadRequest, "invalid_path",
                "The path may not contain backslashes, encoded slashes ('%2F', '%5C'), path parameters (';'), dot segments or control characters.");
        }

        if (ProxyRouteMetadata.TokenRequirementOf(route) == TokenRequirement.User && context.Features.Get<BffSession>() is null)
        {
            return context.ChallengeAsync(SessionTicket.Scheme);
        }

        return next(context);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5005, EventName = "ProxyUnsafePathRefused", Level = LogLevel.Warning,
            Message = "Request on route {RouteId} refused: its path could be read differently by the upstream")]
        public static partial void UnsafePathRefused(ILogger logger, string routeId);
    }
}
