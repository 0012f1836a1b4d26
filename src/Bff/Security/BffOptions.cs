namespace Bff.Security;

/// <summary>Where the SPA lives. Bound from the <c>Bff</c> section.</summary>
public sealed class BffOptions
{
    public const string SectionName = "Bff";

    /// <summary>The SPA's origin, e.g. https://app.example.com. Used for redirect URLs and the Origin allow-list.</summary>
    public Uri? PublicOrigin { get; set; }

    /// <summary>More origins allowed to call the API (e.g. a second hostname of the same SPA).</summary>
    public List<Uri> AllowedOrigins { get; set; } = [];

    /// <summary>The ASCII-serialised origins (scheme://host[:port]) the Origin header may carry.</summary>
    public IReadOnlySet<string> OriginAllowList() =>
        new[] { PublicOrigin }.Concat(AllowedOrigins)
            .OfType<Uri>()
            .Select(u => u.GetLeftPart(UriPartial.Authority))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
