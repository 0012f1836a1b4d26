using System.Net;
using System.Net.Http.Json;
using Bff.Tests.Infrastructure;
using Serilog.Events;

namespace Bff.Tests.Stytch;

public sealed class StytchCallLoggingTests : BffTest
{
    private const string AppId = "connected-app-test-1";
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    private string ListPath => $"/v1/users/{_user.UserId}/connected_apps";

    private string RevokePath => $"{ListPath}/{AppId}/revoke";

    [Fact]
    public async Task EveryStytchCallIsLoggedOnceWithStytchsRequestIdTheTemplateAndTheBffRequestId()
    {
        var ct = TestContext.Current.CancellationToken;
        var answers = new List<(string Method, string Template, string Body, Func<HttpClient, Task<HttpResponseMessage>> Call)>();
        var login = StytchShapes.Login(_user, Factory.Clock.GetUtcNow());
        var list = StytchShapes.ConnectedApps((AppId, "Example CLI"));
        var revoke = StytchShapes.Ack();
        var refresh = StytchShapes.SessionAuthenticate(_user, Factory.Clock.GetUtcNow().AddMinutes(6));
        var logout = StytchShapes.Ack();
        Factory.Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(login));
        Factory.Stytch.On("GET", ListPath, FakeReply.Json(list));
        Factory.Stytch.On("POST", RevokePath, FakeReply.Json(revoke));
        Factory.Stytch.On("POST", "/v1/sessions/authenticate", FakeReply.Json(refresh));
        Factory.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Json(logout));
        var client = Factory.CreateSpaClient();

        var steps = new (string Method, string Template, string StytchBody, Func<Task<HttpResponseMessage>> Call)[]
        {
            ("POST", "/v1/passwords/authenticate", login, () => client.PostAsJsonAsync("/auth/password", new { email = _user.Email, password = _user.Password }, ct)),
            ("GET", "/v1/users/{user_id}/connected_apps", list, () => client.GetAsync("/me/connected-apps", ct)),
            ("POST", "/v1/users/{user_id}/connected_apps/{connected_app_id}/revoke", revoke, () => client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct)),
            ("POST", "/v1/sessions/authenticate", refresh, () => { Factory.Clock.Advance(TimeSpan.FromMinutes(6)); return client.GetAsync("/me", ct); }),
            ("POST", "/v1/sessions/revoke", logout, () => client.PostAsync("/auth/logout", null, ct)),
        };

        foreach (var (method, template, stytchBody, call) in steps)
        {
            var response = await call();
            Assert.True(response.IsSuccessStatusCode, $"{template}: {(int)response.StatusCode}");
            var bffRequestId = Assert.Single(response.Headers.GetValues("X-Request-Id"));
            var stytchRequestId = StytchShapes.RequestIdOf(stytchBody);

            var logged = Assert.Single(Factory.Logs.WithEventName("StytchCall"), e => CapturedLogs.Property(e, "StytchRequestId") == stytchRequestId);
            Assert.Equal(LogEventLevel.Information, logged.Level);
            Assert.Equal(method, CapturedLogs.Property(logged, "StytchMethod"));
            Assert.Equal(template, CapturedLogs.Property(logged, "StytchPath"));
            Assert.Equal("200", CapturedLogs.Property(logged, "StytchStatus"));
            Assert.Equal("1", CapturedLogs.Property(logged, "StytchAttempt"));
            Assert.Equal(bffRequestId, CapturedLogs.Property(logged, "BffRequestId"));
            Assert.Equal(bffRequestId, CapturedLogs.Property(logged, "RequestId"));
            Assert.True(double.Parse(CapturedLogs.Property(logged, "ElapsedMs")!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
        }

        Assert.Equal(5, Factory.Logs.WithEventName("StytchCall").Count());
        Assert.Equal(5, Factory.Stytch.Requests.Count);
        Assert.DoesNotContain(Factory.Logs.WithEventName("StytchCall"), e => CapturedLogs.Property(e, "StytchPath")!.Contains(_user.UserId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EachRetryIsItsOwnLoggedAttemptWithItsOwnRequestId()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var replies = new[] { StytchShapes.Error(500, "internal_server_error", "Oops."), StytchShapes.Error(503, "internal_server_error", "Oops."), StytchShapes.Ack() };
        Factory.Stytch.On("POST", RevokePath, FakeReply.Json(replies[0], 500), FakeReply.Json(replies[1], 503), FakeReply.Json(replies[2]));

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attempts = Factory.Logs.WithEventName("StytchCall").Where(e => CapturedLogs.Property(e, "StytchPath")!.EndsWith("/revoke", StringComparison.Ordinal)).ToList();
        Assert.Equal(["1", "2", "3"], attempts.Select(e => CapturedLogs.Property(e, "StytchAttempt")));
        Assert.Equal(["500", "503", "200"], attempts.Select(e => CapturedLogs.Property(e, "StytchStatus")));
        Assert.Equal(replies.Select(StytchShapes.RequestIdOf), attempts.Select(e => CapturedLogs.Property(e, "StytchRequestId")));
        Assert.Equal(3, Factory.Stytch.Count("POST", RevokePath));
    }

    [Fact]
    public async Task ACallWithoutAnAnswerIsLoggedWithTheReasonTimeout()
    {
        Factory.Settings["Stytch:AttemptTimeout"] = "00:00:00.200";
        Factory.Settings["Stytch:TotalTimeout"] = "00:00:01";
        Factory.Settings["Stytch:MaxRetries"] = "0";
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", RevokePath, FakeReply.Hang(TimeSpan.FromSeconds(30)));

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var failed = Assert.Single(Factory.Logs.WithEventName("StytchCallFailed"));
        Assert.Equal("timeout", CapturedLogs.Property(failed, "StytchNoRequestIdReason"));
        Assert.Equal(Assert.Single(response.Headers.GetValues("X-Request-Id")), CapturedLogs.Property(failed, "BffRequestId"));
        Assert.Equal(1, Factory.Stytch.Count("POST", RevokePath));
    }

    [Fact]
    public async Task ACallThatCannotConnectIsLoggedWithTheReasonConnectionFailureOncePerAttempt()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("GET", ListPath, FakeReply.Refused());

        await client.GetAsync("/me/connected-apps", ct);

        var failed = Factory.Logs.WithEventName("StytchCallFailed").ToList();
        Assert.Equal(3, failed.Count);
        Assert.All(failed, e => Assert.Equal("connection failure", CapturedLogs.Property(e, "StytchNoRequestIdReason")));
        Assert.Equal(["1", "2", "3"], failed.Select(e => CapturedLogs.Property(e, "StytchAttempt")));
    }

    [Theory]
    [InlineData(200, "non-JSON body")]
    [InlineData(502, "non-JSON body")]
    public async Task AnAnswerWithoutARequestIdIsLoggedWithTheReason(int status, string reason)
    {
        Factory.Settings["Stytch:MaxRetries"] = "0";
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("GET", ListPath, FakeReply.NonJson(status));

        await client.GetAsync("/me/connected-apps", ct);

        var logged = Assert.Single(Factory.Logs.WithEventName("StytchCallWithoutRequestId"));
        Assert.Equal(reason, CapturedLogs.Property(logged, "StytchNoRequestIdReason"));
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), CapturedLogs.Property(logged, "StytchStatus"));
        Assert.Equal(LogEventLevel.Warning, logged.Level);
    }

    [Fact]
    public async Task AJsonAnswerWithoutARequestIdIsLoggedAsSuch()
    {
        Factory.Settings["Stytch:MaxRetries"] = "0";
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("GET", ListPath, FakeReply.Json("{\"status_code\":200,\"connected_apps\":[]}"));

        await client.GetAsync("/me/connected-apps", ct);

        var logged = Assert.Single(Factory.Logs.WithEventName("StytchCallWithoutRequestId"));
        Assert.Equal("no request_id in body", CapturedLogs.Property(logged, "StytchNoRequestIdReason"));
    }
}
