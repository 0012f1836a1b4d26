namespace Bff.OpenApi;

/// <summary>
/// <c>Bff:OpenApi</c>: whether the BFF serves the OpenAPI document of its own API at <c>/openapi/v1.json</c>. Unset,
/// it is served in Development only; <c>true</c> serves it in any environment, <c>false</c> in none.
/// </summary>
public sealed class BffOpenApiOptions
{
    public const string SectionName = "Bff:OpenApi";

    public bool? Enabled { get; set; }

    /// <summary>Whether the document is served in <paramref name="environment"/>.</summary>
    public bool IsServed(IHostEnvironment environment) => Enabled ?? environment.IsDevelopment();
}
