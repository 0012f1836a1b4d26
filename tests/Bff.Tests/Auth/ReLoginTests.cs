using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bff.Tests.Faults;
using Bff.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Stytch.Emulator;

namespace Bff.Tests.Auth;

/// <summary>
/// Logging in again in a browser that already has a session ends the old BFF session (session fixation) and revokes
/// its Stytch session too, in the background: a failure there never fails the new login.
/// </summary>
public sealed class ReLoginTests : BffTest
{
    private const string PasswordAuthenticate = "/v1/passwords/authenticate";
    private const string SessionRevoke = "/v1/sessions/revoke";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TestUser _user = new("ada@example.com", "correct-horse-battery");

    [Fact]
    public async Task LoggingInAgainRevokesThePreviousStytchSession()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = _user with { SessionId = $"session-test-{Guid.NewGuid()}" };
        var second = _user with { SessionId = $"session-test-{Guid.NewGuid()}" };
        Factory.Stytch.On("POST", PasswordAuthenticate,
            FakeReply.Json(StytchShapes.Login(first, Factory.Clock.GetUtcNow())),
            FakeReply.Json(StytchShapes.Login(second, Factory.Clock.GetUtcNow())));
        Factory.Stytch.On("POST", SessionRevoke, FakeReply.Ack());
        var client = Factory.CreateSpaClient();
        Assert.Equal(HttpStatusCode.OK, (await Login(client, ct)).StatusCode);

        var again = await Login(client, ct);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var revoke = await WaitForAsync(() => Factory.Stytch.Requests.FirstOrDefault(r => r.Path == SessionRevoke), ct);
        Assert.Equal(first.SessionId, JsonDocument.Parse(revoke.Body!).RootElement.GetProperty("session_id").GetString());
        Assert.Equal(1, Factory.Stytch.Count("POST", SessionRevoke)); // the new session is left alone
        var me = await client.GetFromJsonAsync<JsonElement>("/me", ct);
        Assert.Equal(second.SessionId, me.GetProperty("session_id").GetString());
        Assert.Empty(Factory.Stytch.Unexpected);
    }

    [Fact]
    public async Task AFirstLoginRevokesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        Factory.Stytch.On("POST", PasswordAuthenticate, FakeReply.Json(StytchShapes.Login(_user, Factory.Clock.GetUtcNow())));
        Factory.Stytch.On("POST", SessionRevoke, FakeReply.Ack());

        Assert.Equal(HttpStatusCode.OK, (await Login(Factory.CreateSpaClient(), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Login(Factory.CreateSpaClient(), ct)).StatusCode); // another browser

        Assert.Equal(0, Factory.Stytch.Count("POST", SessionRevoke));
    }

    [Fact]
    public async Task TheNewLoginDoesNotWaitForTheRevokeAndItsFailureDoesNotFailTheLogin()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = _user with { SessionId = $"session-test-{Guid.NewGuid()}" };
        var second = _user with { SessionId = $"session-test-{Guid.NewGuid()}" };
        Factory.Stytch.On("POST", PasswordAuthenticate,
            FakeReply.Json(StytchShapes.Login(first, Factory.Clock.GetUtcNow())),
            FakeReply.Json(StytchShapes.Login(second, Factory.Clock.GetUtcNow())));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Factory.Stytch.OnAsync("POST", SessionRevoke, async _ =>
        {
            await release.Task; // Stytch is stuck until the login has answered
            return FakeReply.Error(500, "internal_server_error", "Oops.");
        });
        var client = Factory.CreateSpaClient();
        Assert.Equal(HttpStatusCode.OK, (await Login(client, ct)).StatusCode);

        var again = await Login(client, ct);
        var revokeStarted = await WaitForAsync(() => Factory.Stytch.Requests.FirstOrDefault(r => r.Path == SessionRevoke), ct);
        release.SetResult();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // answered while the revoke was still hanging
        Assert.Equal(first.SessionId, JsonDocument.Parse(revokeStarted.Body!).RootElement.GetProperty("session_id").GetString());
        await WaitForAsync(() => Factory.Logs.WithEventName("PreviousStytchSessionRevokeFailed").FirstOrDefault(), ct);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
    }

    [Fact]
    public async Task LoggingInAgainRevokesThePreviousSessionAtTheEmulator()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), b => b.Logging.ClearProviders(), ct: ct);
        await using var factory = new EmulatorBffFactory(emulator, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        var spa = EmulatorFlows.Spa(factory);
        Assert.Equal(HttpStatusCode.OK, (await EmulatorFlows.PasswordLoginAsync(spa, ct)).StatusCode);
        var firstSession = (await spa.GetFromJsonAsync<JsonElement>("/me", ct)).GetProperty("session_id").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await EmulatorFlows.PasswordLoginAsync(spa, ct)).StatusCode);

        var secondSession = (await spa.GetFromJsonAsync<JsonElement>("/me", ct)).GetProperty("session_id").GetString()!;
        Assert.NotEqual(firstSession, secondSession);
        await WaitForAsync(() => emulator.Calls.Of(EmulatorOperations.SessionsRevoke).FirstOrDefault(c => c.StatusCode == 200), ct);
        using var stytch = emulator.CreateClient();
        var gone = await stytch.PostAsJsonAsync("v1/sessions/revoke", new { session_id = firstSession }, ct);
        var alive = await stytch.PostAsJsonAsync("v1/sessions/revoke", new { session_id = secondSession }, ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode); // already revoked by the re-login
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    private Task<HttpResponseMessage> Login(HttpClient client, CancellationToken ct) =>
        client.PostAsJsonAsync("/auth/password", new { email = _user.Email, password = _user.Password }, ct);

    /// <summary>Polls (bounded) for something the background work produces.</summary>
    private static async Task<T> WaitForAsync<T>(Func<T?> probe, CancellationToken ct)
        where T : class
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < Patience)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(20, ct);
        }

        throw new TimeoutException($"Nothing after {Patience.TotalSeconds} s.");
    }
}
