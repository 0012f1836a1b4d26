using System.Globalization;

namespace Bff.Spa;

/// <summary>
/// Matches the SPA's client-side routes: every path except the server's own prefixes. An unknown <c>/api/…</c>,
/// <c>/auth/…</c>, <c>/me/…</c> or <c>/dev/…</c> path must stay a 404 problem, not become the SPA's index.html (a
/// health probe on a missing <c>/healthz</c> would otherwise get a 200 page, and a typo in an API call an HTML body).
/// </summary>
public sealed class SpaRouteConstraint : IRouteConstraint
{
    public const string Name = "spaRoute";

    /// <summary>The first path segments that belong to the server, never to the SPA.</summary>
    public static readonly IReadOnlySet<string> ServerPrefixes =
        new HashSet<string>(["api", "auth", "me", "dev", "healthz", "readyz"], StringComparer.OrdinalIgnoreCase);

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        var path = values.TryGetValue(routeKey, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
        if (string.IsNullOrEmpty(path))
        {
            return true;
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? path : path[..slash];
        return !ServerPrefixes.Contains(first);
    }
}
