using System.Diagnostics;
using Bff.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Yarp.ReverseProxy.Forwarder;

namespace Bff.Proxy;

/// <summary>
/// Wraps each forwarded call: upstream answers pass through unchanged (status code pages are switched off for them),
/// a forwarding failure becomes a problem+json with the BFF request id (unreachable 502, timeout 504, no healthy
/// destination 503), and every call is logged exactly once with route, upstream status and elapsed time.
/// It also makes sure an <see cref="Activity"/> is current while forwarding, so the forwarder's HTTP handler always
/// sends a W3C <c>traceparent</c> upstream.
/// </summary>
internal sealed class ProxyOutcomeMiddleware(RequestDelegate next, ILogger<ProxyOutcomeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        var routeId = proxy.Route.Config.RouteId;
        var clusterId = proxy.Cluster?.Config.ClusterId ?? proxy.Route.Config.ClusterId ?? "";
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        var started = Stopwatch.GetTimestamp();
        using (StartActivityIfNone(context))
        {
            await next(context);
        }

        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (context.Features.Get<IForwarderErrorFeature>() is not { } failure)
        {
            ProxyLog.Forwarded(logger, context.Request.Method, routeId, clusterId, context.Response.StatusCode, elapsedMs);
            return;
        }

        if (context.RequestAborted.IsCancellationRequested || failure.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled)
        {
            ProxyLog.Canceled(logger, context.Request.Method, routeId, clusterId, failure.Error, elapsedMs);
            return;
        }

        var status = context.Response.StatusCode;
        ProxyLog.Failed(logger, context.Request.Method, routeId, clusterId, failure.Error, status, elapsedMs, failure.Exception);
        if (context.Response.HasStarted)
        {
            return; // the upstream's status and headers are already on the wire; YARP aborts the response
        }

        var (errorType, message) = Describe(failure.Error, status);
        var problem = BffProblems.Create(status, errorType, message);
        problem.Extensions["bff_request_id"] = RequestIdMiddleware.Get(context);
        await TypedResults.Problem(problem).ExecuteAsync(context);
    }

    private static (string ErrorType, string Message) Describe(ForwarderError error, int status) => error switch
    {
        ForwarderError.NoAvailableDestinations => ("upstream_unavailable", "No healthy destination is available for this API."),
        ForwarderError.RequestBodyClient when status == StatusCodes.Status413PayloadTooLarge => ("request_too_large", "The request body is larger than the BFF accepts."),
        ForwarderError.RequestBodyClient => ("request_body_unreadable", "The request body could not be read."),
        ForwarderError.RequestTimedOut => ("upstream_timeout", "The API did not answer in time."),
        _ when status == StatusCodes.Status504GatewayTimeout => ("upstream_timeout", "The API did not answer in time."),
        _ => ("upstream_unreachable", "The API could not be reached or gave no valid answer."),
    };

    /// <summary>
    /// ASP.NET Core creates a request activity whenever logging or a listener is on; if it did not, start one (child of
    /// the caller's traceparent, when valid) so that a traceparent still reaches the upstream.
    /// </summary>
    private static Activity? StartActivityIfNone(HttpContext context)
    {
        if (Activity.Current is not null)
        {
            return null;
        }

        var activity = new Activity("Bff.Proxy.Forward");
        var headers = context.Request.Headers;
        if (ActivityContext.TryParse(headers.TraceParent, headers.TraceState, out var parent))
        {
            activity.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
        }

        return activity.Start();
    }
}
