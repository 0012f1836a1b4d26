namespace Bff.Spa;

/// <summary>
/// Endpoint metadata: this endpoint's responses carry the given Content-Security-Policy instead of the site's (for a
/// page that needs a script nonce). Read by <see cref="SecurityHeadersMiddleware"/> when the response starts.
/// </summary>
public sealed class ContentSecurityPolicyMetadata(Func<HttpContext, string> policy)
{
    public string Policy(HttpContext context) => policy(context);
}
