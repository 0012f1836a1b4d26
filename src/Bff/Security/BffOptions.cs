namespace Bff.Security;

/// <summary>Where the SPA lives. Bound from the <c>Bff</c> section.</summary>
public sealed class BffOptions
{
    public const string SectionName = "Bff";

    /// <summary>The SPA's origin, e.g. https://app.example.com. Used for redirect URLs and the Origin allow-list.</summary>
    public Uri? PublicOrigin { get; set; }

    /// <summary>More origins allowed to call the API (e.g. a second hostname of the same SPA).</summary>
    public List<Uri> AllowedOrigins { get; set; } = [];

    /// <summary>The host names (without port) the site is served under: those of the public and the allowed origins.</summary>
    public IReadOnlySet<string> AllowedHostNames() =>
        new[] { PublicOrigin }.Concat(AllowedOrigins)
            .OfType<Uri>()
            .Where(u => u.IsAbsoluteUri)
            .SelectMany(u => new[] { u.Host, u.IdnHost })
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The public origin's host as a Host header carries it (<c>app.example.com</c>, or <c>host:port</c> for a
    /// non-default port): what an upstream API is told in <c>X-Forwarded-Host</c>.
    /// </summary>
    public string PublicHost()
    {
        var origin = PublicOrigin ?? throw new InvalidOperationException("Bff:PublicOrigin is not set.");
        return origin.IsDefaultPort ? origin.IdnHost : $"{origin.IdnHost}:{origin.Port}";
    }

    /// <summary>The ASCII-serialised origins (scheme://host[:port]) the Origin header may carry.</summary>
    public IReadOnlySet<string> OriginAllowList() =>
        new[] { PublicOrigin }.Concat(AllowedOrigins)
            .OfType<Uri>()
            .Select(u => u.GetLeftPart(UriPartial.Authority))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
