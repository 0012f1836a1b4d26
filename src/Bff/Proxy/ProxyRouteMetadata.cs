using Yarp.ReverseProxy.Configuration;

namespace Bff.Proxy;

/// <summary>The BFF's own keys in a YARP route's <c>Metadata</c>.</summary>
public static class ProxyRouteMetadata
{
    /// <summary>Route metadata key: <c>User</c> (default), <c>UserOrNone</c> or <c>None</c>.</summary>
    public const string TokenRequirementKey = "Bff.TokenRequirement";

    /// <summary>Route metadata key: <c>NoStore</c> (default) or <c>Upstream</c>.</summary>
    public const string ResponseCachingKey = "Bff.ResponseCaching";

    /// <summary>The route's token requirement; a route without the key requires a user.</summary>
    public static TokenRequirement TokenRequirementOf(RouteConfig route) =>
        TryParse(RawValue(route), out TokenRequirement requirement) ? requirement : TokenRequirement.User;

    /// <summary>The route's response caching; a route without the key answers <c>no-store</c>.</summary>
    public static ResponseCaching ResponseCachingOf(RouteConfig route) =>
        TryParse(RawValue(route, ResponseCachingKey), out ResponseCaching caching) ? caching : ResponseCaching.NoStore;

    internal static string? RawValue(RouteConfig route, string key = TokenRequirementKey) =>
        route.Metadata is { } metadata && metadata.TryGetValue(key, out var value) ? value : null;

    /// <summary>Accepts the names only (any case), never numbers; a missing value means the first (default) member.</summary>
    internal static bool TryParse<TEnum>(string? value, out TEnum parsed)
        where TEnum : struct, Enum
    {
        parsed = default;
        if (value is null)
        {
            return true;
        }

        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToString(), value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                parsed = candidate;
                return true;
            }
        }

        return false;
    }
}
