using System.Text.Json.Nodes;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary><c>POST /v1/passwords</c> and <c>POST /v1/passwords/authenticate</c>.</summary>
public sealed class PasswordTests
{
    [Fact]
    public async Task DemoPasswordStartsASessionOfTheRequestedDuration()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var login = await Login.DemoAsync(api, sessionMinutes: 90);

        var body = login.Response.Json;
        StytchAssert.Ok(login.Response);
        Assert.Equal(host.FindUserId(Demo.Email), login.UserId);
        Assert.Matches("^user-test-[0-9a-f-]{36}$", login.UserId);
        Assert.Matches("^session-test-[0-9a-f-]{36}$", login.SessionId);
        Assert.Matches("^[A-Za-z0-9_-]{44}$", login.SessionToken);
        Assert.Equal("Ada", body.GetProperty("user").GetProperty("name").GetProperty("first_name").GetString());
        var session = body.GetProperty("session");
        var started = session.GetProperty("started_at").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromMinutes(90), session.GetProperty("expires_at").GetDateTimeOffset() - started);
        Assert.Equal("password", session.GetProperty("authentication_factors")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task WrongPasswordIsUnauthorizedCredentials()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostAsync("v1/passwords/authenticate", new JsonObject { ["email"] = Demo.Email, ["password"] = "wrong-horse" });

        StytchAssert.Error(response, 401, "unauthorized_credentials");
    }

    [Fact]
    public async Task UnknownEmailIsEmailNotFound()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostAsync("v1/passwords/authenticate", new JsonObject { ["email"] = "nobody@example.com", ["password"] = Demo.Password });

        StytchAssert.Error(response, 404, "email_not_found");
    }

    [Fact]
    public async Task WithoutSessionDurationNoSessionIsStarted()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostAsync("v1/passwords/authenticate", new JsonObject { ["email"] = Demo.Email, ["password"] = Demo.Password });

        StytchAssert.Ok(response);
        Assert.False(response.Json.TryGetProperty("session", out _));
        Assert.Equal("", response.Text("session_token"));
        Assert.Equal("", response.Text("session_jwt"));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(527_041)]
    public async Task SessionDurationOutsideTheDocumentedRangeIsRejected(int minutes)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostAsync("v1/passwords/authenticate", new JsonObject
        {
            ["email"] = Demo.Email,
            ["password"] = Demo.Password,
            ["session_duration_minutes"] = minutes,
        });

        StytchAssert.Error(response, 400, "invalid_session_duration_minutes");
    }

    [Fact]
    public async Task CreateMakesAUserWhoCanThenSignIn()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var created = await api.PostAsync("v1/passwords", new JsonObject
        {
            ["email"] = "grace@example.com",
            ["password"] = "cobol-is-forever",
            ["session_duration_minutes"] = 30,
            ["name"] = new JsonObject { ["first_name"] = "Grace", ["last_name"] = "Hopper" },
        });
        var signedIn = await api.PostAsync("v1/passwords/authenticate", new JsonObject { ["email"] = "grace@example.com", ["password"] = "cobol-is-forever" });

        StytchAssert.Ok(created);
        Assert.Matches("^email-test-[0-9a-f-]{36}$", created.Text("email_id"));
        Assert.Equal("Hopper", created.Json.GetProperty("user").GetProperty("name").GetProperty("last_name").GetString());
        Assert.Equal(created.Text("user_id"), created.Json.GetProperty("session").GetProperty("user_id").GetString());
        StytchAssert.Ok(signedIn);
        Assert.Equal(created.Text("user_id"), signedIn.Text("user_id"));
        Assert.Equal(created.Text("user_id"), host.FindUserId("GRACE@example.com"));
    }

    [Fact]
    public async Task CreateWithATakenEmailIsDuplicateEmail()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostAsync("v1/passwords", new JsonObject { ["email"] = Demo.Email, ["password"] = "another-long-password" });

        StytchAssert.Error(response, 400, "duplicate_email");
    }

    [Theory]
    [InlineData("short", "weak_password")]
    [InlineData(null, "bad_request")]
    public async Task CreateRejectsAWeakOrMissingPassword(string? password, string errorType)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostAsync("v1/passwords", new JsonObject { ["email"] = "weak@example.com", ["password"] = password });

        StytchAssert.Error(response, 400, errorType);
        Assert.Null(host.FindUserId("weak@example.com"));
    }

    [Fact]
    public async Task CreateRejectsAMalformedEmail()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostAsync("v1/passwords", new JsonObject { ["email"] = "not-an-email", ["password"] = "long-enough-password" });

        StytchAssert.Error(response, 400, "invalid_email");
    }
}
