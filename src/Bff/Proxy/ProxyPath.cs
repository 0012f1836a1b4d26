namespace Bff.Proxy;

/// <summary>
/// Whether a request path means the same thing to every upstream. Kestrel has already percent-decoded the path
/// (except <c>%2F</c>) and removed dot segments before routing, so the catch-all can only ever be forwarded under
/// the destination's prefix. What is left are paths that an upstream which decodes once more, or treats <c>\</c> as a
/// separator (IIS, Windows file APIs), would resolve somewhere else: <c>..%2F..%2Fadmin</c>, <c>..\admin</c>,
/// <c>%2F%2Fevil</c>. Those are refused rather than forwarded.
/// </summary>
internal static class ProxyPath
{
    public static bool IsUnambiguous(PathString path)
    {
        var value = path.Value ?? "";
        if (value.Contains('\\', StringComparison.Ordinal)
            || value.Contains("%2F", StringComparison.OrdinalIgnoreCase)
            || value.Contains("%5C", StringComparison.OrdinalIgnoreCase)
            || value.Any(char.IsControl))
        {
            return false;
        }

        foreach (var segment in value.Split('/'))
        {
            if (segment is "." or "..")
            {
                return false;
            }
        }

        return true;
    }
}
