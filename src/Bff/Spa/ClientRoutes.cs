namespace Bff.Spa;

/// <summary>
/// The SPA's client-side routes: every path without a file extension except the server's own prefixes. An unknown
/// <c>/api/…</c>, <c>/auth/…</c>, <c>/me/…</c> or <c>/dev/…</c> path must stay a 404 problem, not become the SPA's
/// index.html (a health probe on a missing <c>/healthz</c> would otherwise get a 200 page, and a typo in an API call an
/// HTML body).
/// </summary>
public static class ClientRoutes
{
    /// <summary>The first path segments that belong to the server, never to the SPA.</summary>
    public static readonly IReadOnlySet<string> ServerPrefixes =
        new HashSet<string>(["api", "auth", "me", "dev", "healthz", "readyz"], StringComparer.OrdinalIgnoreCase);

    public static bool IsClientRoute(PathString path)
    {
        var value = path.Value ?? "/";
        var segments = value.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 0 || (!ServerPrefixes.Contains(segments[0]) && !segments[^1].Contains('.', StringComparison.Ordinal));
    }
}
