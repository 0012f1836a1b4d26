using Yarp.ReverseProxy.Configuration;

namespace Bff.Proxy;

/// <summary>The BFF's own keys in a YARP route's <c>Metadata</c>.</summary>
public static class ProxyRouteMetadata
{
    /// <summary>Route metadata key: <c>User</c> (default), <c>UserOrNone</c> or <c>None</c>.</summary>
    public const string TokenRequirementKey = "Bff.TokenRequirement";

    /// <summary>The route's token requirement; a route without the key requires a user.</summary>
    public static TokenRequirement TokenRequirementOf(RouteConfig route) =>
        TryParse(RawValue(route), out var requirement) ? requirement : TokenRequirement.User;

    internal static string? RawValue(RouteConfig route) =>
        route.Metadata is { } metadata && metadata.TryGetValue(TokenRequirementKey, out var value) ? value : null;

    /// <summary>Accepts the names only (any case), never numbers; a missing value means <see cref="TokenRequirement.User"/>.</summary>
    internal static bool TryParse(string? value, out TokenRequirement requirement)
    {
        requirement = TokenRequirement.User;
        if (value is null)
        {
            return true;
        }

        foreach (var candidate in Enum.GetValues<TokenRequirement>())
        {
            if (string.Equals(candidate.ToString(), value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                requirement = candidate;
                return true;
            }
        }

        return false;
    }
}
