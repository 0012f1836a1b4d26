using System.Text.Json.Nodes;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary><c>POST /v1/sessions/authenticate</c> and <c>POST /v1/sessions/revoke</c>: expiry and revocation are real.</summary>
public sealed class SessionTests
{
    [Fact]
    public async Task AuthenticateByTokenReturnsTheSessionUserAndAFreshJwt()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        host.Clock.Advance(TimeSpan.FromSeconds(2));

        var response = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_token"] = login.SessionToken });

        StytchAssert.Ok(response);
        Assert.Equal(login.SessionId, response.Json.GetProperty("session").GetProperty("session_id").GetString());
        Assert.Equal(login.SessionToken, response.Text("session_token"));
        Assert.NotEqual(login.SessionJwt, response.Text("session_jwt"));
        Assert.Equal(login.UserId, response.Json.GetProperty("user").GetProperty("user_id").GetString());
    }

    [Fact]
    public async Task AuthenticateByJwtFindsTheSameSession()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);

        var response = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_jwt"] = login.SessionJwt });

        StytchAssert.Ok(response);
        Assert.Equal(login.SessionId, response.Json.GetProperty("session").GetProperty("session_id").GetString());
        Assert.Equal(login.SessionToken, response.Text("session_token"));
    }

    [Fact]
    public async Task BothTokenAndJwtAreTooManySessionArguments()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);

        var response = await api.PostAsync("v1/sessions/authenticate", new JsonObject
        {
            ["session_token"] = login.SessionToken,
            ["session_jwt"] = login.SessionJwt,
        });

        StytchAssert.Error(response, 400, "too_many_session_arguments");
    }

    [Fact]
    public async Task NeitherTokenNorJwtIsNoSessionArguments()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_duration_minutes"] = 60 });

        StytchAssert.Error(response, 400, "no_session_arguments");
    }

    [Fact]
    public async Task UnknownTokenIsSessionNotFound()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_token"] = new string('x', 44) });

        StytchAssert.Error(response, 404, "session_not_found");
    }

    [Fact]
    public async Task GarbageJwtIsUnableToParseSessionJwt()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_jwt"] = "not.a.jwt" });

        StytchAssert.Error(response, 400, "unable_to_parse_session_jwt");
    }

    [Fact]
    public async Task AJwtPastItsExpOfALiveSessionIsAcceptedAndRenewed()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api, sessionMinutes: 60);
        var oldExp = JwtTools.Decode(login.SessionJwt).Payload.GetProperty("exp").GetInt64();

        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var response = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_jwt"] = login.SessionJwt });

        StytchAssert.Ok(response);
        Assert.True(oldExp < host.Clock.GetUtcNow().ToUnixTimeSeconds(), "the old JWT should be expired by now");
        var newExp = JwtTools.Decode(response.Text("session_jwt")).Payload.GetProperty("exp").GetInt64();
        Assert.Equal(host.Clock.GetUtcNow().ToUnixTimeSeconds() + 300, newExp, tolerance: 2);
    }

    [Fact]
    public async Task SessionEndsWhenItsDurationRunsOut()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api, sessionMinutes: 30);

        host.Clock.Advance(TimeSpan.FromMinutes(29));
        var before = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_token"] = login.SessionToken });
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_token"] = login.SessionToken });
        var byJwt = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_jwt"] = login.SessionJwt });

        StytchAssert.Ok(before);
        StytchAssert.Error(after, 404, "session_not_found");
        StytchAssert.Error(byJwt, 404, "session_not_found");
    }

    [Fact]
    public async Task SessionDurationExtendsTheSessionFromNow()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api, sessionMinutes: 30);

        host.Clock.Advance(TimeSpan.FromMinutes(20));
        var extended = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_token"] = login.SessionToken, ["session_duration_minutes"] = 60 });
        host.Clock.Advance(TimeSpan.FromMinutes(50));
        var later = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_token"] = login.SessionToken });

        StytchAssert.Ok(extended);
        var session = extended.Json.GetProperty("session");
        Assert.Equal(
            TimeSpan.FromMinutes(60),
            session.GetProperty("expires_at").GetDateTimeOffset() - session.GetProperty("last_accessed_at").GetDateTimeOffset());
        StytchAssert.Ok(later);
    }

    [Theory]
    [InlineData("session_id")]
    [InlineData("session_token")]
    [InlineData("session_jwt")]
    public async Task RevokeEndsTheSessionWhicheverWayItIsNamed(string argument)
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        var value = argument switch
        {
            "session_id" => login.SessionId,
            "session_token" => login.SessionToken,
            _ => login.SessionJwt,
        };

        var revoked = await api.PostAsync("v1/sessions/revoke", new JsonObject { [argument] = value });
        var afterwards = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_token"] = login.SessionToken });
        var again = await api.PostAsync("v1/sessions/revoke", new JsonObject { [argument] = value });

        StytchAssert.Ok(revoked);
        Assert.Equal(["request_id", "status_code"], revoked.Json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        StytchAssert.Error(afterwards, 404, "session_not_found");
        StytchAssert.Error(again, 404, "session_not_found");
    }

    [Fact]
    public async Task RevokeNeedsExactlyOneArgument()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);

        var none = await api.PostAsync("v1/sessions/revoke", []);
        var two = await api.PostAsync("v1/sessions/revoke", new JsonObject { ["session_id"] = login.SessionId, ["session_token"] = login.SessionToken });

        StytchAssert.Error(none, 400, "no_session_revoke_arguments");
        StytchAssert.Error(two, 400, "too_many_session_revoke_arguments");
    }

    [Fact]
    public async Task ALoginWithAnExistingSessionAddsTheFactorToIt()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        await api.PostAsync("v1/magic_links/email/login_or_create", new JsonObject { ["email"] = Demo.Email });

        var response = await api.PostAsync("v1/magic_links/authenticate", new JsonObject
        {
            ["token"] = host.Inbox.Latest(Demo.Email)!.Token,
            ["session_token"] = login.SessionToken,
        });

        StytchAssert.Ok(response);
        var session = response.Json.GetProperty("session");
        Assert.Equal(login.SessionId, session.GetProperty("session_id").GetString());
        Assert.Equal(
            ["magic_link", "password"],
            session.GetProperty("authentication_factors").EnumerateArray().Select(f => f.GetProperty("type").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CustomClaimsReachTheSessionAndTheJwt()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);

        var response = await api.PostAsync("v1/sessions/authenticate", new JsonObject
        {
            ["session_token"] = login.SessionToken,
            ["session_custom_claims"] = new JsonObject { ["tier"] = "gold", ["sub"] = "ignored-reserved-claim" },
        });

        StytchAssert.Ok(response);
        Assert.Equal("gold", response.Json.GetProperty("session").GetProperty("custom_claims").GetProperty("tier").GetString());
        var payload = JwtTools.Decode(response.Text("session_jwt")).Payload;
        Assert.Equal("gold", payload.GetProperty("tier").GetString());
        Assert.Equal(login.UserId, payload.GetProperty("sub").GetString());
    }
}
