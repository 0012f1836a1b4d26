using System.Net;
using System.Text.Json;
using Bff.Tests.Infrastructure;
using Serilog.Events;

namespace Bff.Tests.Me;

public sealed class ConnectedAppsTests : BffTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    private string ListPath => $"/v1/users/{_user.UserId}/connected_apps";

    [Fact]
    public async Task ListingConnectedAppsAsksStytchForTheSessionUserAndAnswersInStytchsShape()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var stytchBody = StytchShapes.ConnectedApps(("connected-app-test-aaa", "Example CLI"), ("connected-app-test-bbb", "Notes"));
        Factory.Stytch.On("GET", ListPath, FakeReply.Json(stytchBody));

        var response = await client.GetAsync("/me/connected-apps?user_id=user-test-someone-else", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = answer.RootElement;
        Assert.Equal(StytchShapes.RequestIdOf(stytchBody), root.GetProperty("request_id").GetString());
        Assert.Equal(200, root.GetProperty("status_code").GetInt32());
        var apps = root.GetProperty("connected_apps").EnumerateArray().ToList();
        Assert.Equal(["connected-app-test-aaa", "connected-app-test-bbb"], apps.Select(a => a.GetProperty("connected_app_id").GetString()));
        Assert.Equal("Example CLI", apps[0].GetProperty("name").GetString());
        Assert.Equal("Example CLI (test)", apps[0].GetProperty("description").GetString());
        Assert.Equal("third_party", apps[0].GetProperty("client_type").GetString());
        Assert.Equal("openid email profile", apps[0].GetProperty("scopes_granted").GetString());
        var call = Assert.Single(Factory.Stytch.Requests, r => r.Method == "GET");
        Assert.Equal(ListPath, call.RawPathAndQuery); // the session's user, no query passed on
        Assert.Null(call.Body);
        Assert.Empty(Factory.Stytch.Unexpected);
    }

    [Theory]
    [InlineData("unauthorized_credentials")]
    [InlineData("invalid_secret_authentication")]
    [InlineData("invalid_project_id_authentication")]
    public async Task StytchRefusingTheProjectCredentialsIs502WithAnErrorLogNever401(string errorType)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("GET", ListPath, FakeReply.Error(401, errorType, "Unauthorized credentials."));

        var response = await client.GetAsync("/me/connected-apps", ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadGateway, "stytch_project_credentials_rejected");
        Assert.Equal(errorType, Problem.Text(problem, "stytch_error_type"));
        Assert.False(string.IsNullOrEmpty(Problem.Text(problem, "request_id")));
        var error = Assert.Single(Factory.Logs.WithEventName("StytchProjectCredentialsRejected"));
        Assert.Equal(LogEventLevel.Error, error.Level);
        Assert.Equal(errorType, CapturedLogs.Property(error, "StytchErrorType"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode); // still logged in
    }
}
