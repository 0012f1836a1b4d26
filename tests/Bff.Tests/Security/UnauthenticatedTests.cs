using System.Net;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Security;

public sealed class UnauthenticatedTests : BffTest
{
    public static TheoryData<string, string, string?> SessionEndpoints()
    {
        var data = new TheoryData<string, string, string?>();
        foreach (var (method, path) in new[]
                 {
                     ("GET", "/me"), ("GET", "/me?slide=false"), ("GET", "/me/connected-apps"),
                     ("POST", "/me/connected-apps/connected-app-test-1/revoke"), ("POST", "/auth/logout"),
                     ("POST", "/me/oauth/authorize/start"), ("POST", "/me/oauth/authorize"),
                 })
        {
            data.Add(method, path, null);
            data.Add(method, path, "text/html,application/xhtml+xml");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SessionEndpoints))]
    public async Task WithoutASessionEveryApiPathIs401ProblemNeverARedirect(string method, string path, string? accept)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await Factory.CreateSpaClient().SendAsync(request, ct);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "session_required");
        Assert.Empty(Factory.Stytch.Requests);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AForgedOrBrokenCookieIs401NotAnError(string value)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Factory.CreateSpaClient();
        client.DefaultRequestHeaders.Add("Cookie", $"__Host-bff-session={value}");

        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.Unauthorized);
        Assert.Empty(Factory.Stytch.Requests);
    }

    [Fact]
    public async Task AnUnknownPathIsA404Problem()
    {
        var ct = TestContext.Current.CancellationToken;

        await Problem.AssertAsync(await Factory.CreateSpaClient().GetAsync("/auth/nothing-here", ct), HttpStatusCode.NotFound);
    }
}
