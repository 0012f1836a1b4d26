namespace Bff.Proxy;

/// <summary>
/// Which credential a proxied route sends upstream, set per route with the route metadata
/// <c>"Bff.TokenRequirement"</c> (see <see cref="ProxyRouteMetadata"/>).
/// </summary>
public enum TokenRequirement
{
    /// <summary>The default: a session is required (401 problem otherwise, nothing forwarded); its JWT is sent as a bearer token.</summary>
    User,

    /// <summary>With a session, its JWT is sent; without one the request is forwarded anonymously.</summary>
    UserOrNone,

    /// <summary>Never a token, with or without a session.</summary>
    None,
}
