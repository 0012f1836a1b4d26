using Yarp.ReverseProxy.Forwarder;

namespace Bff.Proxy;

/// <summary>
/// One event per forwarded call (5001, 5002 or 5003). The BFF request id is on every line as <c>RequestId</c>
/// (pushed by RequestIdMiddleware). Never logs headers, cookies, tokens or the path.
/// </summary>
internal static partial class ProxyLog
{
    [LoggerMessage(EventId = 5001, EventName = "ProxyForwarded", Level = LogLevel.Information,
        Message = "Forwarded {RequestMethod} on route {RouteId} to cluster {ClusterId}: upstream answered {UpstreamStatus} in {ElapsedMs:0.0} ms")]
    public static partial void Forwarded(ILogger logger, string requestMethod, string routeId, string clusterId, int upstreamStatus, double elapsedMs);

    [LoggerMessage(EventId = 5002, EventName = "ProxyFailed", Level = LogLevel.Warning,
        Message = "Forwarding {RequestMethod} on route {RouteId} to cluster {ClusterId} failed ({ForwarderError}) after {ElapsedMs:0.0} ms; the BFF answered {StatusCode}")]
    public static partial void Failed(ILogger logger, string requestMethod, string routeId, string clusterId, ForwarderError forwarderError, int statusCode, double elapsedMs, Exception? exception);

    [LoggerMessage(EventId = 5003, EventName = "ProxyCanceled", Level = LogLevel.Information,
        Message = "Forwarding {RequestMethod} on route {RouteId} to cluster {ClusterId} stopped ({ForwarderError}) after {ElapsedMs:0.0} ms: the caller went away")]
    public static partial void Canceled(ILogger logger, string requestMethod, string routeId, string clusterId, ForwarderError forwarderError, double elapsedMs);
}
