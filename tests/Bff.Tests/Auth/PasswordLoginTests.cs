using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Auth;

public sealed class PasswordLoginTests : BffTest
{
    private const string PasswordAuthenticate = "/v1/passwords/authenticate";
    private readonly TestUser _user = new("ada@example.com", "correct-horse-battery");

    [Fact]
    public async Task APasswordLoginStartsASessionAndAnswersWithTheMeBody()
    {
        var ct = TestContext.Current.CancellationToken;
        var stytchBody = StytchShapes.Login(_user, Factory.Clock.GetUtcNow());
        Factory.Stytch.On("POST", PasswordAuthenticate, FakeReply.Json(stytchBody));
        var client = Factory.CreateSpaClient();

        var response = await client.PostAsJsonAsync("/auth/password", new { email = _user.Email, password = _user.Password }, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-bff-session=", StringComparison.Ordinal));
        var text = await response.Content.ReadAsStringAsync(ct);
        using var me = JsonDocument.Parse(text);
        Assert.Equal(_user.UserId, me.RootElement.GetProperty("user_id").GetString());
        Assert.Equal(_user.SessionId, me.RootElement.GetProperty("session_id").GetString());
        Assert.Equal(_user.Email, Assert.Single(me.RootElement.GetProperty("emails").EnumerateArray()).GetString());
        Assert.Equal("password", Assert.Single(me.RootElement.GetProperty("authentication_factors").EnumerateArray()).GetProperty("type").GetString());
        Assert.DoesNotContain(_user.SessionToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(JsonDocument.Parse(stytchBody).RootElement.GetProperty("session_jwt").GetString()!, text, StringComparison.Ordinal);
        var sent = Assert.Single(Factory.Stytch.Requests);
        using var body = JsonDocument.Parse(sent.Body!);
        Assert.Equal(_user.Email, body.RootElement.GetProperty("email").GetString());
        Assert.Equal(_user.Password, body.RootElement.GetProperty("password").GetString());
        Assert.Equal(720, body.RootElement.GetProperty("session_duration_minutes").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
        Assert.Empty(Factory.Stytch.Unexpected);
    }

    // A wrong password and an unknown email: one identical 401 (UserEnumerationTests).
    [Theory]
    [InlineData(400, "weak_password", "The password is too weak.")]
    [InlineData(400, "reset_password", "The password must be reset.")]
    public async Task A400FromStytchStaysABadRequestWithStytchsFields(int stytchStatus, string errorType, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        var stytchBody = StytchShapes.Error(stytchStatus, errorType, message);
        Factory.Stytch.On("POST", PasswordAuthenticate, FakeReply.Json(stytchBody, stytchStatus));

        var response = await Factory.CreateSpaClient().PostAsJsonAsync("/auth/password", new { email = _user.Email, password = "wrong-password" }, ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, errorType);
        using var stytch = JsonDocument.Parse(stytchBody);
        Assert.Equal(stytch.RootElement.GetProperty("request_id").GetString(), Problem.Text(problem, "request_id"));
        Assert.Equal(message, Problem.Text(problem, "error_message"));
        Assert.Equal(stytch.RootElement.GetProperty("error_url").GetString(), Problem.Text(problem, "error_url"));
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(1, Factory.Stytch.Count("POST", PasswordAuthenticate));
    }

    [Fact]
    public async Task AStytchServerErrorOnPasswordLoginIs502AndIsNeverRetried()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Stytch.On("POST", PasswordAuthenticate, FakeReply.Error(503, "internal_server_error", "Oops."));

        var response = await Factory.CreateSpaClient().PostAsJsonAsync("/auth/password", new { email = _user.Email, password = _user.Password }, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal(1, Factory.Stytch.Count("POST", PasswordAuthenticate));
    }

    [Fact]
    public async Task ARejectedProjectSecretOnPasswordLoginIs502NotAFailedLogin()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Stytch.On("POST", PasswordAuthenticate, FakeReply.Error(401, "invalid_secret_authentication", "Invalid secret."));

        var response = await Factory.CreateSpaClient().PostAsJsonAsync("/auth/password", new { email = _user.Email, password = _user.Password }, ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadGateway);
        Assert.Contains(Factory.Logs.WithEventName("StytchProjectCredentialsRejected"), e => e.Level == Serilog.Events.LogEventLevel.Error);
    }

    [Fact]
    public async Task ANewLoginReplacesTheSessionTheBrowserAlreadyHad()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack()); // the old session, revoked at Stytch in the background
        var cookies = new CookieContainer();
        var client = await Factory.LoginAsync(_user, cookies, ct);
        var firstKey = Factory.SessionKeyOf(Factory.SessionCookieValue(cookies)!)!;

        var again = await client.PostAsJsonAsync("/auth/password", new { email = _user.Email, password = _user.Password }, ct);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var secondKey = Factory.SessionKeyOf(Factory.SessionCookieValue(cookies)!)!;
        Assert.NotEqual(firstKey, secondKey);
        Assert.Null(await Factory.StoredSessionAsync(firstKey, ct));
        Assert.NotNull(await Factory.StoredSessionAsync(secondKey, ct));
    }

    public static TheoryData<string, string, HttpStatusCode> BadBodies() => new()
    {
        { "{junk", "application/json", HttpStatusCode.BadRequest },
        { "", "application/json", HttpStatusCode.BadRequest },
        { "null", "application/json", HttpStatusCode.BadRequest },
        { "[]", "application/json", HttpStatusCode.BadRequest },
        { "{\"email\":\"ada@example.com\"}", "application/json", HttpStatusCode.BadRequest },
        { "{\"password\":\"x\"}", "application/json", HttpStatusCode.BadRequest },
        { "{\"email\":\"not-an-email\",\"password\":\"x\"}", "application/json", HttpStatusCode.BadRequest },
        { "{\"email\":\"ada@example.com\",\"password\":\"\"}", "application/json", HttpStatusCode.BadRequest },
        { "{\"email\":\"" + new string('a', 250) + "@example.com\",\"password\":\"x\"}", "application/json", HttpStatusCode.BadRequest },
        { "{\"email\":\"ada@example.com\",\"password\":\"" + new string('p', 257) + "\"}", "application/json", HttpStatusCode.BadRequest },
        { "{\"email\":42,\"password\":\"x\"}", "application/json", HttpStatusCode.BadRequest },
        { "email=ada@example.com&password=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType },
        { "{\"email\":\"ada@example.com\",\"password\":\"x\"}", "text/plain", HttpStatusCode.UnsupportedMediaType },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadLoginBodyIsAProblemAndStytchIsNotCalled(string body, string contentType, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await Factory.CreateSpaClient().PostAsync("/auth/password", new StringContent(body, Encoding.UTF8, contentType), ct);

        await Problem.AssertAsync(response, expected);
        Assert.Empty(Factory.Stytch.Requests);
    }

    [Fact]
    public async Task AValidationProblemNamesTheFieldInStytchStyleFields()
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await Factory.CreateSpaClient().PostAsJsonAsync("/auth/password", new { email = "not-an-email", password = "x" }, ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("Email", Problem.Text(problem, "error_message"), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Email", out _));
    }
}
