using System.Net;
using System.Text.RegularExpressions;

namespace Bff.Tests.OpenApi;

/// <summary>
/// Where the document is served: in Development (with Scalar's reference page, under a nonce CSP), in any other
/// environment only when <c>Bff:OpenApi:Enabled</c> is true, and nowhere when it is false.
/// </summary>
public sealed partial class OpenApiServingTests
{
    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Development", false, false)]
    [InlineData("Production", null, false)]
    [InlineData("Production", false, false)]
    [InlineData("Production", true, true)]
    public async Task TheDocumentIsServedInDevelopmentOrWhenEnabled(string environment, bool? enabled, bool served)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new OpenApiBffFactory(environment, enabled);
        using var client = factory.CreateSpaClient(csrf: false);

        using var response = await client.GetAsync("/openapi/v1.json", ct);

        if (served)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"/me/connected-apps/{id}/revoke\"", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task TheReferencePageIsServedInDevelopmentWithANonceForItsScriptsOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new OpenApiBffFactory("Development", openApiEnabled: null);
        using var client = factory.CreateSpaClient(csrf: false);

        using var page = await client.GetAsync("/scalar/", ct);
        using var other = await client.GetAsync("/healthz", ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(ct);
        var nonce = NonceAttribute().Match(html);
        Assert.True(nonce.Success, "The page's scripts carry no nonce: " + html);
        Assert.All(NonceAttribute().Matches(html), m => Assert.Equal(nonce.Groups[1].Value, m.Groups[1].Value));
        var csp = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"script-src 'self' 'nonce-{nonce.Groups[1].Value}';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn", html, StringComparison.OrdinalIgnoreCase);

        // Every other response keeps the site's policy, without a nonce.
        Assert.Equal(Bff.Spa.SecurityHeadersMiddleware.ContentSecurityPolicy, string.Join(" ", other.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task TheReferencePageIsNotServedOutsideDevelopmentEvenWithTheDocument()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new OpenApiBffFactory("Production", openApiEnabled: true);
        using var client = factory.CreateSpaClient(csrf: false);

        using var page = await client.GetAsync("/scalar/", ct);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [GeneratedRegex("nonce=\"([^\"]+)\"")]
    private static partial Regex NonceAttribute();
}
