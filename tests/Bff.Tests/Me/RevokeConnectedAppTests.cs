using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bff.Tests.Infrastructure;
using Serilog.Events;

namespace Bff.Tests.Me;

public sealed class RevokeConnectedAppTests : BffTest
{
    private const string AppId = "connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888";
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Fact]
    public async Task RevokeForwardsToStytchForTheSessionUserAndAnswersLikeTheReactSdk()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var stytchBody = StytchShapes.Ack();
        var revokePath = $"/v1/users/{_user.UserId}/connected_apps/{AppId}/revoke";
        Factory.Stytch.On("POST", revokePath, FakeReply.Json(stytchBody));

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct) + Factory.Logs.AllText());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(200, json.RootElement.GetProperty("status_code").GetInt32());
        Assert.Equal(StytchShapes.RequestIdOf(stytchBody), json.RootElement.GetProperty("request_id").GetString());
        Assert.Equal(1, Factory.Stytch.Count("POST", revokePath));
        Assert.Empty(Factory.Stytch.Unexpected);
    }

    [Fact]
    public async Task RevokeWithoutCsrfHeaderIsForbiddenAndStytchIsNotCalled()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        client.DefaultRequestHeaders.Remove("X-CSRF");
        var before = Factory.Stytch.Requests.Count;

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, Factory.Stytch.Requests.Count);
    }

    [Fact]
    public async Task RevokeWithoutSessionIs401NotARedirect()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Factory.CreateSpaClient();

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(401, problem.GetProperty("status_code").GetInt32());
        Assert.Empty(Factory.Stytch.Requests);
    }

    [Fact]
    public async Task ASuccessfulRevokeEmitsTheConnectedAppRevokedAuditEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var ack = StytchShapes.Ack();
        Factory.Stytch.On("POST", $"/v1/users/{_user.UserId}/connected_apps/{AppId}/revoke", FakeReply.Json(ack));

        var response = await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = Assert.Single(Factory.Logs.WithEventName("ConnectedAppRevoked"));
        Assert.Equal(LogEventLevel.Information, audit.Level);
        Assert.Equal("Bff.Audit", CapturedLogs.Property(audit, "SourceContext"));
        Assert.Equal(_user.UserId, CapturedLogs.Property(audit, "StytchUserId"));
        Assert.Equal(AppId, CapturedLogs.Property(audit, "ConnectedAppId"));
        Assert.Equal("revoked", CapturedLogs.Property(audit, "Outcome"));
        Assert.Equal(StytchShapes.RequestIdOf(ack), CapturedLogs.Property(audit, "StytchRequestId"));
        Assert.Equal(Assert.Single(response.Headers.GetValues("X-Request-Id")), CapturedLogs.Property(audit, "RequestId"));
        Assert.Empty(Factory.Logs.WithEventName("ConnectedAppRevokeFailed"));
    }

    [Theory]
    [InlineData(404, "connected_app_not_found", "connected_app_not_found")]
    [InlineData(500, "internal_server_error", "internal_server_error")]
    [InlineData(401, "unauthorized_credentials", "unauthorized_credentials")]
    public async Task AFailedRevokeEmitsTheConnectedAppRevokeFailedAuditEvent(int status, string errorType, string outcome)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var error = StytchShapes.Error(status, errorType, "Stytch said no.");
        Factory.Stytch.On("POST", $"/v1/users/{_user.UserId}/connected_apps/{AppId}/revoke", FakeReply.Json(error, status));

        await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        var audit = Assert.Single(Factory.Logs.WithEventName("ConnectedAppRevokeFailed"));
        Assert.Equal(LogEventLevel.Warning, audit.Level);
        Assert.Equal("Bff.Audit", CapturedLogs.Property(audit, "SourceContext"));
        Assert.Equal(_user.UserId, CapturedLogs.Property(audit, "StytchUserId"));
        Assert.Equal(AppId, CapturedLogs.Property(audit, "ConnectedAppId"));
        Assert.Equal(outcome, CapturedLogs.Property(audit, "Outcome"));
        Assert.Equal(StytchShapes.RequestIdOf(error), CapturedLogs.Property(audit, "StytchRequestId"));
        Assert.Empty(Factory.Logs.WithEventName("ConnectedAppRevoked"));
    }

    [Fact]
    public async Task ARevokeWithoutAnAnswerIsAuditedWithTheReasonAndNoRequestId()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", $"/v1/users/{_user.UserId}/connected_apps/{AppId}/revoke", FakeReply.Refused());

        await client.PostAsync($"/me/connected-apps/{AppId}/revoke", null, ct);

        var audit = Assert.Single(Factory.Logs.WithEventName("ConnectedAppRevokeFailed"));
        Assert.Equal("ConnectionFailed", CapturedLogs.Property(audit, "Outcome"));
        Assert.Null(CapturedLogs.Property(audit, "StytchRequestId"));
    }

    [Fact]
    public async Task NothingInTheRequestCanNameAnotherUser()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        var path = $"/v1/users/{_user.UserId}/connected_apps/{AppId}/revoke";
        Factory.Stytch.On("POST", path, FakeReply.Ack());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/me/connected-apps/{AppId}/revoke?user_id=user-test-victim")
        {
            Content = new StringContent("{\"user_id\":\"user-test-victim\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-User-Id", "user-test-victim");

        var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(Factory.Stytch.Requests, r => r.Path.EndsWith("/revoke", StringComparison.Ordinal));
        Assert.Equal(path, call.RawPathAndQuery);
        Assert.Equal("{}", call.Body); // Stytch's revoke body is an empty object
        Assert.DoesNotContain(Factory.Stytch.Requests, r => r.RawPathAndQuery.Contains("victim", StringComparison.Ordinal));
    }
}
