using Bff.Spa;
using Scalar.AspNetCore;

namespace Bff.OpenApi;

/// <summary>
/// Scalar's interactive API reference (Development only), made to work under the BFF's strict Content-Security-Policy:
/// its inline start-up script runs with a fresh nonce per response, and nothing is loaded from a CDN (fonts off,
/// Scalar's telemetry off; its script is served by the BFF itself).
/// </summary>
internal static class ScalarReferencePage
{
    public static void Configure(ScalarOptions options)
    {
        options.WithTitle("Stytch BFF API").WithOpenApiRoutePattern(OpenApiExtensions.DocumentPath).WithNonce();
        options.DefaultFonts = false;
        options.Telemetry = false;
    }

    /// <summary>The page's policy: the site's, plus its script nonce and the inline styles its components set.</summary>
    public static string ContentSecurityPolicy(HttpContext context) =>
        context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) && nonce is string value
            ? SecurityHeadersMiddleware.ContentSecurityPolicy
                .Replace("script-src 'self'", $"script-src 'self' 'nonce-{value}'", StringComparison.Ordinal)
                .Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal)
            : SecurityHeadersMiddleware.ContentSecurityPolicy;
}
