using System.Net;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Security;

public sealed class UnauthenticatedTests : IAsyncLifetime
{
    private readonly BffFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

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

        var response = await _factory.CreateSpaClient().SendAsync(request, ct);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "session_required");
        Assert.Empty(_factory.Stytch.Requests);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AForgedOrBrokenCookieIs401NotAnError(string value)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _factory.CreateSpaClient();
        client.DefaultRequestHeaders.Add("Cookie", $"__Host-bff-session={value}");

        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.Unauthorized);
        Assert.Empty(_factory.Stytch.Requests);
    }

    [Fact]
    public async Task AnUnknownPathIsA404Problem()
    {
        var ct = TestContext.Current.CancellationToken;

        await Problem.AssertAsync(await _factory.CreateSpaClient().GetAsync("/auth/nothing-here", ct), HttpStatusCode.NotFound);
    }
}
