using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Spa;

public sealed partial class SpaFallbackTests : BffTest
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account")]
    [InlineData("/connected-apps/connected-app-test-1")]
    [InlineData("/some/deep/client/route")]
    [InlineData("/account?tab=security")]
    [InlineData("/apiary")] // shares a prefix with /api, but is not under it
    [InlineData("/oauth/authorize")] // the consent page: a Stytch project's Authorization URL
    [InlineData("/oauth/authorize?client_id=connected-app-test-1&redirect_uri=https%3A%2F%2Fapp.example%2Fcb.html&response_type=code&scope=openid%20email&state=s.1")]
    public async Task ClientSideRoutesServeTheSpaIndexWithoutASession(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Factory.CreateSpaClient(csrf: false);

        using var response = await client.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"/js/app.js\"></script>", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Empty(Factory.Stytch.Requests);
    }

    [Theory]
    [InlineData("GET", "/auth/unknown")]
    [InlineData("GET", "/me/unknown")]
    [InlineData("GET", "/Me/Unknown/Deeper")]
    [InlineData("GET", "/dev/info")] // mapped only in Development
    [InlineData("GET", "/healthz/unknown")] // /healthz itself is the liveness probe
    [InlineData("GET", "/missing-file.js")]
    [InlineData("POST", "/")]
    [InlineData("POST", "/account")]
    [InlineData("PUT", "/account")]
    [InlineData("DELETE", "/some/client/route")]
    [InlineData("PATCH", "/account")]
    [InlineData("DELETE", "/me/unknown")]
    public async Task UnknownServerPathsAndNonGetRequestsAnswer404ProblemNotTheSpa(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Factory.CreateSpaClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(404, problem.RootElement.GetProperty("status_code").GetInt32());
        Assert.Equal("not_found", problem.RootElement.GetProperty("error_type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("bff_request_id").GetString()));
    }

    [Theory]
    [InlineData("GET", "/api/hello")]
    [InlineData("GET", "/api/a/b/c")]
    [InlineData("GET", "/API/hello")]
    [InlineData("POST", "/api/hello")]
    public async Task ApiPathsAreProxiedNeverTheSpaAndWithoutASessionAre401Problem(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Factory.CreateSpaClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct);

        // /api/** is the YARP demo route (token requirement User): no session, nothing forwarded, a 401 problem.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task KnownApiRoutesStillAnswerForThemselves()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Factory.CreateSpaClient();

        using var me = await client.GetAsync("/me", ct);
        using var apps = await client.GetAsync("/me/connected-apps", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, apps.StatusCode);
        Assert.Equal("application/problem+json", me.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/js/app.js", "text/javascript")]
    [InlineData("/js/views/apps.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task StaticFilesAreServedWithoutASessionOrCsrfHeader(string path, string contentType)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Factory.CreateSpaClient(csrf: false);

        using var response = await client.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Empty(Factory.Stytch.Requests);
    }

    [Fact]
    public async Task TheSpaHasNoInlineScriptStyleOrEventHandlersSoTheStrictCspHolds()
    {
        var ct = TestContext.Current.CancellationToken;
        var html = await Factory.CreateSpaClient().GetStringAsync("/", ct);

        Assert.All(ScriptTag().Matches(html), tag => Assert.Contains(" src=\"", tag.Value, StringComparison.Ordinal));
        Assert.DoesNotMatch(StyleAttributeOrTag(), html);
        Assert.DoesNotMatch(InlineEventHandler(), html);
    }

    [GeneratedRegex("<script\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("\\sstyle\\s*=|<style\\b", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttributeOrTag();

    [GeneratedRegex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineEventHandler();
}
