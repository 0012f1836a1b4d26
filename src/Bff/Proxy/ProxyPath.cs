namespace Bff.Proxy;

/// <summary>
/// Whether a request path means the same thing to every upstream. Kestrel has already percent-decoded the path
/// (except <c>%2F</c>) and removed dot segments before routing, so the catch-all can only ever be forwarded under
/// the destination's prefix. What is left are paths that an upstream which decodes once more, treats <c>\</c> as a
/// separator (IIS, Windows file APIs), or strips path parameters would resolve somewhere else: <c>..%2F..%2Fadmin</c>,
/// <c>..\admin</c>, <c>%2F%2Fevil</c>, <c>..;/admin</c>. Those are refused rather than forwarded.
/// </summary>
/// <remarks>
/// <para>
/// Path parameters (<c>;</c>, raw or as <c>%3B</c>, which Kestrel has decoded by now) are refused on every segment,
/// not only on dot segments. Kestrel does not treat <c>..;</c> as a dot segment, but servlet containers (Tomcat,
/// Jetty) drop the parameter and then resolve the <c>..</c>: <c>/api/..;/admin</c> reaches their <c>/admin</c>, out
/// of the proxied prefix. Parameters on other segments change the matched resource on such servers as well
/// (<c>/api/admin;x/..</c>, <c>;jsessionid=</c> session fixation), and no SPA API needs them; Spring Security's
/// default firewall refuses them for the same reasons. A semicolon in the query string is not affected.
/// </para>
/// </remarks>
internal static class ProxyPath
{
    public static bool IsUnambiguous(PathString path)
    {
        var value = path.Value ?? "";
        if (value.Contains('\\', StringComparison.Ordinal)
            || value.Contains(';', StringComparison.Ordinal)
            || value.Contains("%2F", StringComparison.OrdinalIgnoreCase)
            || value.Contains("%5C", StringComparison.OrdinalIgnoreCase)
            || value.Any(char.IsControl))
        {
            return false;
        }

        foreach (var segment in value.Split('/'))
        {
            if (IsDotSegment(segment))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>.</c> or <c>..</c>, also with a path parameter (<c>..;x=1</c>), as a servlet container reads it.</summary>
    private static bool IsDotSegment(string segment)
    {
        var semicolon = segment.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? segment : segment[..semicolon]) is "." or "..";
    }
}
