using System.Net;
using System.Text;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Security;

public sealed class CsrfTests : BffTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    public static TheoryData<string, string> ProtectedEndpoints() => new()
    {
        { "POST", "/auth/password" },
        { "POST", "/auth/magic-link" },
        { "POST", "/auth/logout" },
        { "GET", "/me" },
        { "GET", "/me?slide=false" },
        { "GET", "/me/connected-apps" },
        { "POST", "/me/connected-apps/connected-app-test-1/revoke" },
        { "POST", "/me/oauth/authorize/start" },
        { "POST", "/me/oauth/authorize" },
    };

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task WithoutTheCsrfHeaderEveryApiEndpointIs403AndStytchIsNotCalled(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        client.DefaultRequestHeaders.Remove("X-CSRF");
        var before = Factory.Stytch.Requests.Count;

        var response = await client.SendAsync(Request(method, path), ct);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "bff_csrf_header_missing");
        Assert.Equal(before, Factory.Stytch.Requests.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("true")]
    [InlineData("")]
    public async Task AWrongCsrfHeaderValueIs403(string value)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        client.DefaultRequestHeaders.Remove("X-CSRF");
        using var request = Request("GET", "/me/connected-apps");
        request.Headers.TryAddWithoutValidation("X-CSRF", value);

        await Problem.AssertAsync(await client.SendAsync(request, ct), HttpStatusCode.Forbidden, "bff_csrf_header_missing");
        Assert.Single(Factory.Stytch.Requests); // the login
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("null")]
    [InlineData("http://app.example.test")]
    [InlineData("https://app.example.test.evil.example")]
    [InlineData("https://app.example.test:8443")]
    [InlineData("https://app.example.test/")]
    public async Task AForeignOriginIs403EvenWithTheCsrfHeaderAndStytchIsNotCalled(string origin)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        using var request = Request("POST", "/me/connected-apps/connected-app-test-1/revoke");
        request.Headers.TryAddWithoutValidation("Origin", origin);

        var response = await client.SendAsync(request, ct);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "bff_origin_not_allowed");
        Assert.Single(Factory.Stytch.Requests);
    }

    [Fact]
    public async Task AForeignOriginCannotLogInEither()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = Request("POST", "/auth/password");
        request.Headers.Add("Origin", "https://evil.example");

        await Problem.AssertAsync(await Factory.CreateSpaClient().SendAsync(request, ct), HttpStatusCode.Forbidden, "bff_origin_not_allowed");
        Assert.Empty(Factory.Stytch.Requests);
    }

    [Theory]
    [InlineData(BffFactory.PublicOrigin)]
    [InlineData("HTTPS://APP.EXAMPLE.TEST")]
    [InlineData("https://second.example.test")]
    public async Task AnAllowedOriginPasses(string origin)
    {
        Factory.Settings["Bff:AllowedOrigins:0"] = "https://second.example.test";
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("GET", $"/v1/users/{_user.UserId}/connected_apps", FakeReply.Json(StytchShapes.ConnectedApps()));
        using var request = Request("GET", "/me/connected-apps");
        request.Headers.Add("Origin", origin);

        var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TwoOriginHeadersAre403()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        using var request = Request("GET", "/me");
        request.Headers.TryAddWithoutValidation("Origin", [BffFactory.PublicOrigin, "https://evil.example"]);

        await Problem.AssertAsync(await client.SendAsync(request, ct), HttpStatusCode.Forbidden, "bff_origin_not_allowed");
    }

    [Fact]
    public async Task TheCsrfRefusalIsLoggedWithItsReason()
    {
        var ct = TestContext.Current.CancellationToken;

        await Factory.CreateSpaClient(csrf: false).GetAsync("/me", ct);

        var refused = Assert.Single(Factory.Logs.WithEventName("CsrfRejected"));
        Assert.Equal("missing or wrong X-CSRF header", CapturedLogs.Property(refused, "Reason"));
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? new StringContent("{\"email\":\"ada@example.com\",\"password\":\"x\"}", Encoding.UTF8, "application/json") : null,
    };
}
