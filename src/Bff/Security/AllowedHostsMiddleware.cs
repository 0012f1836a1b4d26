using Bff.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Bff.Security;

/// <summary>
/// Refuses a request whose <c>Host</c> is not one the SPA is served under: the hosts of <c>Bff:PublicOrigin</c> and
/// <c>Bff:AllowedOrigins</c> (any port), plus the loopback names for local runs and sidecars. A 400 problem, before any
/// endpoint runs. The health probes are answered earlier, on any host, because orchestrators address an instance by
/// its own address. Nothing in the BFF is built from the Host (redirects and links use <c>Bff:PublicOrigin</c>; the
/// upstream is told the public host), so this check is about not serving the site under names it does not own (DNS
/// rebinding, a stray virtual host), with a clear answer.
/// </summary>
internal sealed partial class AllowedHostsMiddleware(RequestDelegate next, IOptions<BffOptions> options, ILogger<AllowedHostsMiddleware> logger)
{
    private static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]"];
    private readonly IList<StringSegment> _allowed = [.. options.Value.AllowedHostNames().Concat(Loopback).Select(h => new StringSegment(h))];

    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        if (!host.HasValue || HostString.MatchesAny(host.Host, _allowed))
        {
            return next(context); // no Host at all is HTTP/1.0: nothing to compare
        }

        Log.HostRefused(logger, host.Value.Length > 100 ? host.Value[..100] : host.Value);
        return BffProblems.Write(context, StatusCodes.Status400BadRequest, "host_not_allowed",
            "This site is not served under that host name.");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1102, EventName = "HostRefused", Level = LogLevel.Warning,
            Message = "Request refused: its Host {Host} is not the host of Bff:PublicOrigin or Bff:AllowedOrigins")]
        public static partial void HostRefused(ILogger logger, string host);
    }
}
