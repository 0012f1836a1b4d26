using Bff.Sessions;
using Microsoft.AspNetCore.Authentication;

namespace Bff.Proxy;

/// <summary>
/// First step of the proxy pipeline: a <see cref="TokenRequirement.User"/> route without a session is challenged
/// (the session cookie's events answer 401 problem+json, never a 302) and nothing is forwarded.
/// </summary>
internal sealed class ProxyTokenGateMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        if (ProxyRouteMetadata.TokenRequirementOf(route) == TokenRequirement.User && context.Features.Get<BffSession>() is null)
        {
            return context.ChallengeAsync(SessionTicket.Scheme);
        }

        return next(context);
    }
}
