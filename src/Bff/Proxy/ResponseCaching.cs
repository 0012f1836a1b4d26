namespace Bff.Proxy;

/// <summary>
/// What a proxied route's answers may tell the browser about caching, set per route with the route metadata
/// <c>"Bff.ResponseCaching"</c> (see <see cref="ProxyRouteMetadata"/>).
/// </summary>
public enum ResponseCaching
{
    /// <summary>
    /// The default: <c>Cache-Control: no-store</c> replaces the upstream's caching headers. A proxied answer is per user;
    /// kept in the browser's cache, a later same-site navigation could show it again without reaching the BFF (so
    /// without the CSRF check, and after logout).
    /// </summary>
    NoStore,

    /// <summary>The upstream's <c>Cache-Control</c> and <c>Expires</c> pass unchanged (public, non-personal data only).</summary>
    Upstream,
}
