using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Proxy;

public sealed class ProxyTokenTests : ProxyTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");
    [Fact]
    public async Task UpstreamReceivesTheSessionJwtAndNeitherTheBffCookiesNorTheIncomingAuthorization()
    {
        var ct = TestContext.Current.CancellationToken;
        var (session, jwt) = await Factory.LoginForSessionCookieAsync(_user, ct);
        using var client = Factory.CreateCookielessClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders/7?mark=token-1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "forged-by-the-browser");
        request.Headers.Add("Cookie", $"theme=dark; {session}; __Host-bff-oauth=flow-state; __Host-bff-sessionC1=chunk; other=1");

        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.RequestsFor("token-1"));
        Assert.Equal("/upstream/api/orders/7", received.Path);
        Assert.Equal($"Bearer {jwt}", received.Authorization);
        Assert.Equal("theme=dark; other=1", received.Cookie);
        Assert.DoesNotContain("forged", received.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MagicLinkFlowCookiesWithTheirPkceVerifierNeverReachTheUpstream()
    {
        var ct = TestContext.Current.CancellationToken;
        var (session, _) = await Factory.LoginForSessionCookieAsync(_user, ct);
        using var client = Factory.CreateCookielessClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders/7?mark=flow-1");
        request.Headers.Add("Cookie", $"theme=dark; {session}; __Host-bff-ml-AAAAAAAAAAAAAAAAAAAAAA=pending-flow; __Host-bff-ml-BBBBBBBBBBBBBBBBBBBBBB=another");

        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("theme=dark", Assert.Single(Upstream.RequestsFor("flow-1")).Cookie);
    }

    [Fact]
    public async Task TheRoutesOwnYarpTransformsStillApplyAlongsideTheBffs()
    {
        var ct = TestContext.Current.CancellationToken;
        var (session, jwt) = await Factory.LoginForSessionCookieAsync(_user, ct);
        using var client = Factory.CreateCookielessClient();
        using var v2 = new HttpRequestMessage(HttpMethod.Get, "/v2/orders?mark=v2");
        v2.Headers.Add("Cookie", $"theme=dark; {session}");
        using var noCopy = new HttpRequestMessage(HttpMethod.Get, "/nocopy/orders?mark=nocopy");
        noCopy.Headers.Add("Cookie", $"theme=dark; {session}");

        using var keyed = new HttpRequestMessage(HttpMethod.Get, "/keyed/orders?mark=keyed");
        keyed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "forged-by-the-browser");

        using var v2Response = await client.SendAsync(v2, ct);
        using var noCopyResponse = await client.SendAsync(noCopy, ct);
        using var keyedResponse = await client.SendAsync(keyed, ct);

        var transformed = Assert.Single(Upstream.RequestsFor("mark=v2"));
        Assert.Equal("/upstream/orders", transformed.Path);
        Assert.Equal("2", transformed.Headers["X-Api-Version"]);
        Assert.Equal($"Bearer {jwt}", transformed.Authorization);
        Assert.Equal("theme=dark", transformed.Cookie);
        var uncopied = Assert.Single(Upstream.RequestsFor("mark=nocopy"));
        Assert.Null(uncopied.Cookie);
        Assert.Equal($"Bearer {jwt}", uncopied.Authorization);
        Assert.Equal([noCopyResponse.Headers.GetValues("X-Request-Id").Single()], uncopied.RequestIds);

        // The BFF's transform runs first, so a route's own configured header (an API key on a None route) is kept.
        Assert.Equal("ApiKey key-for-the-upstream", Assert.Single(Upstream.RequestsFor("mark=keyed")).Authorization);
    }

    [Fact]
    public async Task UserRouteWithoutSessionIs401ProblemAndUpstreamIsNotCalled()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();

        using var response = await client.GetAsync("/api/orders?mark=nosession", ct);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, ct);
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task UserOrNoneRouteForwardsAnonymouslyWithoutSessionAndWithTheJwtWithOne()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = Factory.CreateCookielessClient();
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/optional/feed?mark=anon");
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "forged-by-the-browser");

        using var anonymousResponse = await anonymous.SendAsync(forged, ct);

        Assert.Equal(HttpStatusCode.OK, anonymousResponse.StatusCode);
        Assert.Null(Assert.Single(Upstream.RequestsFor("mark=anon")).Authorization);

        var (session, jwt) = await Factory.LoginForSessionCookieAsync(_user, ct);
        using var withSession = new HttpRequestMessage(HttpMethod.Get, "/optional/feed?mark=user");
        withSession.Headers.Add("Cookie", session);

        using var userResponse = await anonymous.SendAsync(withSession, ct);

        Assert.Equal(HttpStatusCode.OK, userResponse.StatusCode);
        Assert.Equal($"Bearer {jwt}", Assert.Single(Upstream.RequestsFor("mark=user")).Authorization);
    }

    [Fact]
    public async Task NoneRouteNeverSendsATokenEvenWithASession()
    {
        var ct = TestContext.Current.CancellationToken;
        var (session, _) = await Factory.LoginForSessionCookieAsync(_user, ct);
        using var client = Factory.CreateCookielessClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/public/news?mark=none");
        request.Headers.Add("Cookie", session);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "forged-by-the-browser");

        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Upstream.RequestsFor("mark=none"));
        Assert.Null(received.Authorization);
        Assert.Null(received.Cookie);
    }

    [Fact]
    public async Task AnExpiredJwtIsRefreshedExactlyOnceForParallelProxiedCalls()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        (await client.GetAsync("/api/before?mark=before", ct)).EnsureSuccessStatusCode();
        var oldJwt = Assert.Single(Upstream.RequestsFor("mark=before")).Authorization;

        Factory.Clock.Advance(TimeSpan.FromMinutes(6));
        var refreshed = StytchShapes.SessionAuthenticate(_user, Factory.Clock.GetUtcNow());
        Factory.Stytch.OnAsync("POST", "/v1/sessions/authenticate", async _ =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300), CancellationToken.None);
            return FakeReply.Json(refreshed);
        });

        var calls = Enumerable.Range(0, 8).Select(i => client.GetAsync($"/api/parallel/{i}?mark=parallel", ct));
        var responses = await Task.WhenAll(calls);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, Factory.Stytch.Count("POST", "/v1/sessions/authenticate"));
        var newJwt = JsonDocument.Parse(refreshed).RootElement.GetProperty("session_jwt").GetString();
        Assert.NotEqual(oldJwt, $"Bearer {newJwt}");
        var received = Upstream.RequestsFor("mark=parallel");
        Assert.Equal(8, received.Count);
        Assert.All(received, r => Assert.Equal($"Bearer {newJwt}", r.Authorization));
        Assert.Empty(Factory.Stytch.Unexpected);
    }

    [Fact]
    public async Task ProxiedRoutesAnswer401And403ProblemsAndNeverARedirect()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Factory.CreateCookielessClient();
        var browserAccepts = new[] { "text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "*/*" };

        foreach (var (path, accept) in new[] { "/api/page", "/admin-api/page" }.SelectMany(p => browserAccepts.Select(a => (p, a))))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd(accept);
            using var response = await client.SendAsync(request, ct);
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized, ct);
        }

        var (session, _) = await Factory.LoginForSessionCookieAsync(_user, ct);
        foreach (var accept in browserAccepts)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/admin-api/page");
            request.Headers.Add("Cookie", session);
            request.Headers.Accept.ParseAdd(accept);
            using var response = await client.SendAsync(request, ct);
            await AssertProblemAsync(response, HttpStatusCode.Forbidden, ct);
        }

        Assert.Empty(Upstream.Requests);
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {body}");
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status_code").GetInt32());
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), problem.RootElement.GetProperty("bff_request_id").GetString());
    }
}
