using System.Diagnostics;
using System.Text.Json.Nodes;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary>Injected faults: each kind, their scope, and that they stop after N calls.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task StatusFaultAnswersAStytchShapedErrorThenStops()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var path = $"v1/users/{host.FindUserId(Demo.Email)}/connected_apps";
        host.Faults.Add(new Fault { Operation = "users.connected_apps", Status = 500, Times = 2 });

        var first = await api.GetAsync(path);
        var second = await api.GetAsync(path);
        var third = await api.GetAsync(path);

        StytchAssert.Error(first, 500, "internal_server_error");
        StytchAssert.Error(second, 500, "internal_server_error");
        StytchAssert.Ok(third);
        Assert.Null(first.RetryAfter);
        Assert.Empty(host.Faults.Pending);
        Assert.Equal([true, true, false], host.Calls.Of("users.connected_apps").Select(c => c.Faulted));
    }

    [Fact]
    public async Task RateLimitFaultCanCarryRetryAfter()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        host.Faults.Add(new Fault { Operation = "users.revoke", Status = 429, RetryAfterSeconds = 7 });

        var response = await api.PostRawAsync($"v1/users/{host.FindUserId(Demo.Email)}/connected_apps/{Demo.CliApp}/revoke", "{}");

        StytchAssert.Error(response, 429, "too_many_requests");
        Assert.Equal("Too many requests have been made.", response.Text("error_message"));
        Assert.Equal("7", response.RetryAfter);
    }

    [Fact]
    public async Task CustomErrorTypeAndMessageAreUsed()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        host.Faults.Add(new Fault { Operation = "sessions.authenticate", Status = 503, ErrorType = "service_unavailable", ErrorMessage = "Down for maintenance." });

        var response = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_token"] = "x" });

        StytchAssert.Error(response, 503, "service_unavailable");
        Assert.Equal("Down for maintenance.", response.Text("error_message"));
    }

    [Fact]
    public async Task FaultsOnlyHitTheirOperation()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        host.Faults.Add(new Fault { Operation = "users.revoke", Status = 500 });

        var list = await api.GetAsync($"v1/users/{host.FindUserId(Demo.Email)}/connected_apps");

        StytchAssert.Ok(list);
        Assert.Single(host.Faults.Pending);
    }

    [Fact]
    public async Task DelayHangsThenTheCallProceeds()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        host.Faults.Add(new Fault { Operation = "sessions.jwks", Delay = TimeSpan.FromMilliseconds(400) });
        var watch = Stopwatch.StartNew();

        var response = await api.GetAsync($"v1/sessions/jwks/{host.Options.ProjectId}");

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(380), $"answered after {watch.Elapsed}");
        StytchAssert.Ok(response);
    }

    [Fact]
    public async Task DelayEndsWhenTheCallerGivesUp()
    {
        await using var host = await TestEmulator.StartAsync();
        using var http = host.CreateClient();
        http.Timeout = TimeSpan.FromMilliseconds(300);
        host.Faults.Add(new Fault { Operation = "users.get", Delay = TimeSpan.FromSeconds(30), Status = 500 });
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => http.GetAsync($"v1/users/{host.FindUserId(Demo.Email)}", TestContext.Current.CancellationToken));

        var deadline = Stopwatch.StartNew();
        while (host.Calls.Last("users.get") is null && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"took {watch.Elapsed}");
        var call = host.Calls.Last("users.get");
        Assert.NotNull(call);
        Assert.Equal(0, call.StatusCode);
    }

    [Fact]
    public async Task CloseConnectionAbortsTheRequest()
    {
        await using var host = await TestEmulator.StartAsync();
        using var http = host.CreateClient();
        host.Faults.Add(new Fault { Operation = "users.get", CloseConnection = true });

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"v1/users/{host.FindUserId(Demo.Email)}", TestContext.Current.CancellationToken));

        using var api = new StytchApi(host);
        StytchAssert.Ok(await api.GetAsync($"v1/users/{host.FindUserId(Demo.Email)}"));
        var deadline = Stopwatch.StartNew();
        while (host.Calls.Count("users.get") < 2 && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Equal([0, 200], host.Calls.Of("users.get").Select(c => c.StatusCode).Order());
    }

    [Fact]
    public async Task NonJsonBodyAnswersAnHtmlPage()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        host.Faults.Add(new Fault { Operation = "users.revoke", NonJsonBody = true });

        var response = await api.PostRawAsync($"v1/users/{host.FindUserId(Demo.Email)}/connected_apps/{Demo.CliApp}/revoke", "{}");

        Assert.Equal(502, response.Status);
        Assert.Equal("text/html", response.MediaType);
        Assert.StartsWith("<html>", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFaultWithoutOperationHitsAnyOperation()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        host.Faults.Add(new Fault { Status = 500, Times = int.MaxValue });

        var a = await api.GetAsync($"v1/users/{host.FindUserId(Demo.Email)}");
        var b = await api.GetAsync($"v1/sessions/jwks/{host.Options.ProjectId}");
        host.Faults.Clear();
        var c = await api.GetAsync($"v1/sessions/jwks/{host.Options.ProjectId}");

        Assert.Equal([500, 500, 200], new[] { a, b, c }.Select(r => r.Status));
    }

    [Theory]
    [InlineData(200, null, false, false, 1)]
    [InlineData(null, null, false, false, 1)]
    [InlineData(500, null, false, false, 0)]
    [InlineData(500, -1, false, false, 1)]
    [InlineData(500, null, false, false, 1, "users.revokee")]
    public async Task InvalidFaultsAreRefused(int? status, int? retryAfter, bool close, bool nonJson, int times, string? operation = null)
    {
        await using var host = await TestEmulator.StartAsync();
        var fault = new Fault { Operation = operation, Status = status, RetryAfterSeconds = retryAfter, CloseConnection = close, NonJsonBody = nonJson, Times = times };

        Assert.Throws<ArgumentException>(() => host.Faults.Add(fault));
        Assert.Empty(host.Faults.Pending);
    }

    [Fact]
    public async Task HttpFaultApiAddsListsAppliesAndClears()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host, withCredentials: false);
        using var stytch = new StytchApi(host);

        var added = await api.PostAsync("emulator/faults", new JsonObject
        {
            ["operation"] = "users.revoke",
            ["status"] = 429,
            ["retry_after_seconds"] = 3,
            ["times"] = 2,
        });
        var listed = await api.GetAsync("emulator/faults");
        var hit = await stytch.PostRawAsync($"v1/users/{host.FindUserId(Demo.Email)}/connected_apps/{Demo.CliApp}/revoke", "{}");
        var cleared = await api.SendAsync(HttpMethod.Delete, "emulator/faults", null);
        var after = await stytch.PostRawAsync($"v1/users/{host.FindUserId(Demo.Email)}/connected_apps/{Demo.CliApp}/revoke", "{}");

        Assert.Equal(201, added.Status);
        var fault = Assert.Single(listed.Json.GetProperty("faults").EnumerateArray());
        Assert.Equal("users.revoke", fault.GetProperty("operation").GetString());
        Assert.Equal(2, fault.GetProperty("times").GetInt32());
        StytchAssert.Error(hit, 429, "too_many_requests");
        Assert.Equal("3", hit.RetryAfter);
        Assert.Empty(cleared.Json.GetProperty("faults").EnumerateArray());
        StytchAssert.Ok(after);
    }

    [Fact]
    public async Task HttpFaultApiRejectsAnInvalidFault()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host, withCredentials: false);

        var response = await api.PostAsync("emulator/faults", new JsonObject { ["operation"] = "users.revoke", ["status"] = 302 });

        StytchAssert.Error(response, 400, "bad_request");
        Assert.Empty(host.Faults.Pending);
    }

    [Fact]
    public async Task HttpFaultApiSupportsDelayCloseAndNonJson()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host, withCredentials: false);

        await api.PostAsync("emulator/faults", new JsonObject { ["operation"] = "users.get", ["delay_ms"] = 250, ["close_connection"] = true });
        await api.PostAsync("emulator/faults", new JsonObject { ["operation"] = "users.get", ["non_json_body"] = true, ["status"] = 503 });

        var pending = host.Faults.Pending;
        Assert.Equal(2, pending.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(250), pending[0].Fault.Delay);
        Assert.True(pending[0].Fault.CloseConnection);
        Assert.True(pending[1].Fault.NonJsonBody);
        Assert.Equal(503, pending[1].Fault.Status);
    }
}
