using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Stytch;

/// <summary>Every Stytch failure, as the SPA sees it (on the revoke endpoint, which carries only project credentials).</summary>
public sealed class StytchErrorMappingTests : BffTest
{
    private const string AppId = "connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888";
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    private string RevokePath => $"/v1/users/{_user.UserId}/connected_apps/{AppId}/revoke";

    public static TheoryData<int, string, HttpStatusCode, string, int> StytchErrors() => new()
    {
        // Stytch status, Stytch error_type, BFF status, BFF error_type, attempts on the wire
        { 400, "invalid_user_id", HttpStatusCode.BadRequest, "invalid_user_id", 1 },
        { 400, "bad_request", HttpStatusCode.BadRequest, "bad_request", 1 },
        { 404, "connected_app_not_found", HttpStatusCode.NotFound, "connected_app_not_found", 1 },
        { 404, "user_not_found", HttpStatusCode.NotFound, "user_not_found", 1 },
        { 401, "unauthorized_credentials", HttpStatusCode.BadGateway, "stytch_project_credentials_rejected", 1 },
        { 401, "invalid_secret_authentication", HttpStatusCode.BadGateway, "stytch_project_credentials_rejected", 1 },
        { 401, "invalid_project_id_authentication", HttpStatusCode.BadGateway, "stytch_project_credentials_rejected", 1 },
        { 403, "consumer_session_authorization_error", HttpStatusCode.Forbidden, "consumer_session_authorization_error", 1 },
        { 500, "internal_server_error", HttpStatusCode.BadGateway, "internal_server_error", 3 },
        { 503, "service_unavailable", HttpStatusCode.BadGateway, "service_unavailable", 3 },
    };

    [Theory]
    [MemberData(nameof(StytchErrors))]
    public async Task AStytchErrorMapsToTheRightStatusAndKeepsStytchsFields(int stytchStatus, string stytchType, HttpStatusCode expected, string expectedType, int attempts)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var stytchBody = StytchShapes.Error(stytchStatus, stytchType, "Stytch's own message.");
        Factory.Stytch.On("POST", RevokePath, FakeReply.Json(stytchBody, stytchStatus));

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        var problem = await Problem.AssertAsync(response, expected, expectedType);
        using var stytch = JsonDocument.Parse(stytchBody);
        Assert.Equal(stytch.RootElement.GetProperty("request_id").GetString(), Problem.Text(problem, "request_id"));
        Assert.Equal(stytch.RootElement.GetProperty("error_url").GetString(), Problem.Text(problem, "error_url"));
        Assert.Equal(stytchStatus, problem.GetProperty("stytch_status_code").GetInt32());
        if (expectedType != stytchType)
        {
            Assert.Equal(stytchType, Problem.Text(problem, "stytch_error_type"));
        }
        else
        {
            Assert.Equal("Stytch's own message.", Problem.Text(problem, "error_message"));
        }

        Assert.Equal(attempts, Factory.Stytch.Count("POST", RevokePath));
        Assert.Equal(expected == HttpStatusCode.BadGateway && attempts == 1, Factory.Logs.WithEventName("StytchProjectCredentialsRejected").Any());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode); // the session survives every one
    }

    [Fact]
    public async Task A429WithRetryAfterIsPassedOnWithStytchsValueAndNotRetriedWhenTooLong()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", RevokePath, FakeReply.Error(429, "too_many_requests", "Too many requests have been made.") with { RetryAfter = "30" });

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        await Problem.AssertAsync(response, HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, Factory.Stytch.Count("POST", RevokePath));
    }

    [Fact]
    public async Task A429WithoutRetryAfterIsRetriedThenAnsweredWithTheDefaultRetryAfter()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", RevokePath, FakeReply.Error(429, "too_many_requests", "Too many requests have been made."));

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        await Problem.AssertAsync(response, HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta); // Stytch:DefaultRetryAfterSeconds
        Assert.Equal(3, Factory.Stytch.Count("POST", RevokePath));
    }

    [Fact]
    public async Task AShortRetryAfterIsHonouredBeforeTheRetry()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", RevokePath,
            FakeReply.Error(429, "too_many_requests", "Too many requests have been made.") with { RetryAfter = "1" },
            FakeReply.Ack());
        var watch = Stopwatch.StartNew();

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, Factory.Stytch.Count("POST", RevokePath));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {watch.Elapsed}"); // a lower bound only
    }

    [Fact]
    public async Task AServerErrorThenSuccessIsRetriedToSuccess()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var ack = StytchShapes.Ack();
        Factory.Stytch.On("POST", RevokePath, FakeReply.Error(500, "internal_server_error", "Oops."), FakeReply.Json(ack));

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(StytchShapes.RequestIdOf(ack), body.RootElement.GetProperty("request_id").GetString());
        Assert.Equal(2, Factory.Stytch.Count("POST", RevokePath));
    }

    [Fact]
    public async Task ATimeoutIs504()
    {
        Factory.Settings["Stytch:AttemptTimeout"] = "00:00:00.200";
        Factory.Settings["Stytch:TotalTimeout"] = "00:00:01";
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", RevokePath, FakeReply.Hang(TimeSpan.FromSeconds(30)));

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.GatewayTimeout, "stytch_timeout");
        Assert.Null(Problem.Text(problem, "request_id")); // Stytch never answered
        Assert.True(Factory.Stytch.Count("POST", RevokePath) >= 2, "an idempotent call is retried after an attempt timeout");
    }

    [Fact]
    public async Task AConnectionFailureIs502AfterRetries()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", RevokePath, FakeReply.Refused());

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadGateway, "stytch_unreachable");
        Assert.Equal(3, Factory.Stytch.Count("POST", RevokePath));
    }

    [Theory]
    [InlineData(200, 1)]
    [InlineData(502, 3)]
    public async Task ANonJsonBodyIs502(int status, int attempts)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", RevokePath, FakeReply.NonJson(status));

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadGateway, "stytch_invalid_response");
        Assert.Equal(attempts, Factory.Stytch.Count("POST", RevokePath));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"status_code\":200}")]
    [InlineData("{\"request_id\":null,\"status_code\":200}")]
    [InlineData("[]")]
    [InlineData("\"ok\"")]
    public async Task ASuccessBodyWithoutStytchsRequiredFieldsIs502NotASuccess(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", RevokePath, FakeReply.Json(body));

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadGateway, "stytch_invalid_response");
        Assert.Empty(Factory.Logs.WithEventName("ConnectedAppRevoked"));
    }

    [Fact]
    public async Task AListWithoutItsConnectedAppsArrayIs502()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("GET", $"/v1/users/{_user.UserId}/connected_apps", FakeReply.Json(StytchShapes.Ack()));

        await Problem.AssertAsync(await client.GetAsync("/me/connected-apps", ct), HttpStatusCode.BadGateway, "stytch_invalid_response");
    }
}
