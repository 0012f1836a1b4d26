namespace Bff.Hosting;

/// <summary>
/// The reverse proxies / load balancers whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the BFF believes.
/// Bound from the <c>ForwardedHeaders</c> section. Empty (the default) = the headers are ignored from everyone,
/// loopback included.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c> or <c>::1</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/8</c> or <c>fd00::/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in front of the BFF (entries taken from the end of X-Forwarded-For).</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>Whether any proxy is configured; if not, forwarded headers are ignored from everyone.</summary>
    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
