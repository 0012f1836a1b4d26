namespace Bff.Spa;

/// <summary>
/// Puts the browser security headers on every response the BFF writes: the SPA's files, JSON, problem+json, redirects
/// and the 404s of unknown paths. They are added when the response starts, so error handlers that clear the response
/// (the exception handler does) cannot drop them.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>
    /// Same-origin everything, no inline script or style, no framing, no <c>&lt;base&gt;</c>, forms post only here.
    /// Images also from any https URL: the consent page shows a Connected App's <c>logo_url</c> (only if https; sent
    /// with no Referer). Login redirects (OAuth start, magic links) and the consent page's final redirect to the app are
    /// navigations, which CSP does not restrict.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static readonly KeyValuePair<string, string>[] Headers =
    [
        new("Content-Security-Policy", ContentSecurityPolicy),
        new("X-Content-Type-Options", "nosniff"),
        new("X-Frame-Options", "DENY"),
        // Not no-referrer: under it the Fetch standard serialises the Origin of a same-origin POST as "null" (Chromium
        // sends the real one anyway), which the CSRF Origin allow-list must refuse. same-origin keeps the SPA's own
        // Origin and still sends no Referer to any other site (Stytch, the OAuth provider).
        new("Referrer-Policy", "same-origin"),
        new("Cross-Origin-Opener-Policy", "same-origin"),
    ];

    /// <summary>The headers and their values, for tests and documentation.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All => Headers;

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            foreach (var (name, value) in Headers)
            {
                headers[name] = value;
            }

            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
