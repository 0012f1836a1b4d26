using System.Net.Http.Headers;
using Bff.Hosting;
using Bff.Sessions;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;

namespace Bff.Proxy;

/// <summary>
/// Runs first on every proxied request, before the route's own configured transforms: the browser's credentials (the
/// BFF's cookies, any <c>Authorization</c> header) are removed, the session JWT is attached as a bearer token when the
/// route's <see cref="TokenRequirement"/> wants one and there is a session, and the BFF request id goes upstream as
/// <c>X-Request-Id</c>. The W3C <c>traceparent</c> is written later by the forwarder's HTTP handler from the current
/// activity (see <see cref="ProxyOutcomeMiddleware"/>).
/// Headers the caller names in <c>Connection</c> are hop-by-hop (RFC 9110 §7.6.1) and end here, and so do the
/// caller's own claims about the client (<c>Forwarded</c>, <c>X-Real-IP</c>): the upstream is told the client's
/// address and scheme by the <c>X-Forwarded-*</c> transforms, from what the BFF itself saw.
/// </summary>
internal sealed class BffRequestTransform(TokenRequirement requirement, BffCookieNames cookies) : RequestTransform
{
    /// <summary>Framing and routing headers the forwarder sets itself, whatever <c>Connection</c> names.</summary>
    private static readonly HashSet<string> NotHopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Host, HeaderNames.ContentLength, HeaderNames.TransferEncoding,
    };

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        RemoveHeadersNamedInConnection(context);
        RemoveHeader(context, "Forwarded");
        RemoveHeader(context, "X-Real-IP");
        RemoveHeader(context, HeaderNames.Authorization);
        if (context.HeadersCopied && cookies.WithoutBffCookies(TakeHeader(context, HeaderNames.Cookie)) is { } kept)
        {
            AddHeader(context, HeaderNames.Cookie, kept); // a route with "RequestHeadersCopy": false copies no cookie at all
        }

        var http = context.HttpContext;
        if (requirement != TokenRequirement.None && http.Features.Get<BffSession>() is { } session)
        {
            // Fresh: SessionFreshnessMiddleware has already renewed an expired JWT (single flight) for this request.
            context.ProxyRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.SessionJwt);
        }

        var headers = context.ProxyRequest.Headers;
        headers.Remove(RequestIdMiddleware.HeaderName);
        headers.TryAddWithoutValidation(RequestIdMiddleware.HeaderName, RequestIdMiddleware.Get(http));
        return ValueTask.CompletedTask;
    }

    /// <summary>A header name (an RFC 9110 token); anything else in <c>Connection</c> names no header and is skipped.</summary>
    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));

    private static void RemoveHeadersNamedInConnection(RequestTransformContext context)
    {
        foreach (var connection in context.HttpContext.Request.Headers.Connection)
        {
            var names = (connection ?? "").AsSpan();
            foreach (var range in names.Split(','))
            {
                var name = names[range].Trim().ToString();
                if (IsToken(name) && !NotHopByHop.Contains(name))
                {
                    RemoveHeader(context, name);
                }
            }
        }
    }
}
