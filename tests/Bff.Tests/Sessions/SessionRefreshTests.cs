using System.Net;
using Bff.Tests.Infrastructure;

namespace Bff.Tests.Sessions;

public sealed class SessionRefreshTests : BffTest
{
    private const string SessionAuthenticate = "/v1/sessions/authenticate";
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Fact]
    public async Task WhileTheJwtIsFreshMeMakesNoStytchCall()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Clock.Advance(TimeSpan.FromMinutes(4));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
        }

        var only = Assert.Single(Factory.Stytch.Requests);
        Assert.Equal("/v1/passwords/authenticate", only.Path);
    }

    [Fact]
    public async Task ParallelRequestsWithAnExpiredJwtCauseExactlyOneSessionsAuthenticate()
    {
        Factory.Settings["Stytch:AttemptTimeout"] = "00:00:10";
        Factory.Settings["Stytch:TotalTimeout"] = "00:00:20";
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Clock.Advance(TimeSpan.FromMinutes(6));
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Factory.Stytch.OnAsync("POST", SessionAuthenticate, async _ =>
        {
            called.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return FakeReply.Json(StytchShapes.SessionAuthenticate(_user, Factory.Clock.GetUtcNow()));
        });
        var started = Factory.RequestsStarted;

        var requests = Enumerable.Range(0, 20).Select(_ => client.GetAsync("/me", ct)).ToList();
        await called.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        for (var i = 0; i < 250 && Factory.RequestsStarted < started + 20; i++)
        {
            await Task.Delay(20, ct);
        }

        await Task.Delay(300, ct); // let the last arrivals reach the single flight
        Assert.Equal(1, Factory.Stytch.Count("POST", SessionAuthenticate));
        release.SetResult();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, Factory.Stytch.Count("POST", SessionAuthenticate));
        Assert.Empty(Factory.Stytch.Unexpected);
    }

    [Fact]
    public async Task TheRefreshedJwtIsStoredSoTheNextRequestNeedsNoCallEvenWhenTheCookieSlides()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        RegisterSessionAuthenticate();

        // Past half the idle timeout: this request both refreshes the JWT and slides the cookie.
        Factory.Clock.Advance(TimeSpan.FromMinutes(31));
        var sliding = await client.GetAsync("/me", ct);
        Assert.Equal(HttpStatusCode.OK, sliding.StatusCode);
        Assert.True(sliding.Headers.Contains("Set-Cookie"));
        Assert.Equal(1, Factory.Stytch.Count("POST", SessionAuthenticate));

        // Later than the refresher's in-memory reuse window, while the new JWT is still fresh.
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);

        Assert.Equal(1, Factory.Stytch.Count("POST", SessionAuthenticate));
    }

    [Fact]
    public async Task TheRefreshSendsTheStoredSessionTokenAndNothingElse()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        RegisterSessionAuthenticate();
        Factory.Clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);

        var call = Assert.Single(Factory.Stytch.Requests, r => r.Path == SessionAuthenticate);
        using var body = System.Text.Json.JsonDocument.Parse(call.Body!);
        var property = Assert.Single(body.RootElement.EnumerateObject());
        Assert.Equal("session_token", property.Name);
        Assert.Equal(_user.SessionToken, property.Value.GetString());
    }

    [Fact]
    public async Task ASessionRevokedAtStytchIsRefusedAfterTheJwtExpiresAndItsStoreEntryIsGone()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var client = await Factory.LoginAsync(_user, cookies, ct);
        var key = Factory.SessionKeyOf(Factory.SessionCookieValue(cookies)!)!;
        Assert.NotNull(await Factory.StoredSessionAsync(key, ct));
        var notFound = StytchShapes.Error(404, "session_not_found", "Session could not be found.");
        Factory.Stytch.On("POST", SessionAuthenticate, FakeReply.Json(notFound, 404));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode); // JWT still fresh: no call
        Factory.Clock.Advance(TimeSpan.FromMinutes(6));
        var refused = await client.GetAsync("/me", ct);

        var problem = await Problem.AssertAsync(refused, HttpStatusCode.Unauthorized, "session_not_found");
        Assert.Equal(StytchShapes.RequestIdOf(notFound), Problem.Text(problem, "request_id"));
        Assert.Null(await Factory.StoredSessionAsync(key, ct));
        Assert.Equal(1, Factory.Stytch.Count("POST", SessionAuthenticate)); // session_not_found is not retried
        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.Unauthorized);
        Assert.Equal(1, Factory.Stytch.Count("POST", SessionAuthenticate));
    }

    [Fact]
    public async Task MaxStalenessZeroAsksStytchOnEveryRequest()
    {
        Factory.Settings["Session:MaxStaleness"] = "00:00:00";
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        RegisterSessionAuthenticate();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
        }

        Assert.Equal(3, Factory.Stytch.Count("POST", SessionAuthenticate));
    }

    [Fact]
    public async Task MaxStalenessShorterThanTheJwtLifetimeBoundsHowLongStytchIsNotAsked()
    {
        Factory.Settings["Session:MaxStaleness"] = "00:01:00";
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        RegisterSessionAuthenticate();

        Factory.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
        Assert.Equal(0, Factory.Stytch.Count("POST", SessionAuthenticate));
        Factory.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);

        Assert.Equal(1, Factory.Stytch.Count("POST", SessionAuthenticate));
    }

    [Fact]
    public async Task AStytchOutageDuringRefreshIs502AfterRetriesAndTheSessionStillWorksAfterwards()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        var client = await Factory.LoginAsync(_user, cookies, ct);
        var key = Factory.SessionKeyOf(Factory.SessionCookieValue(cookies)!)!;
        Factory.Stytch.On("POST", SessionAuthenticate, FakeReply.Error(500, "internal_server_error", "Oops, something seems to have gone wrong."));
        Factory.Clock.Advance(TimeSpan.FromMinutes(6));

        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.BadGateway, "internal_server_error");
        Assert.Equal(3, Factory.Stytch.Count("POST", SessionAuthenticate)); // 1 + Stytch:MaxRetries (2)
        Assert.NotNull(await Factory.StoredSessionAsync(key, ct));

        RegisterSessionAuthenticate();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
        Assert.Equal(4, Factory.Stytch.Count("POST", SessionAuthenticate));
    }

    [Fact]
    public async Task AStytchTimeoutDuringRefreshIs504AndTheSessionStillWorksAfterwards()
    {
        Factory.Settings["Stytch:AttemptTimeout"] = "00:00:00.200";
        Factory.Settings["Stytch:TotalTimeout"] = "00:00:01";
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", SessionAuthenticate, FakeReply.Hang(TimeSpan.FromSeconds(30)));
        Factory.Clock.Advance(TimeSpan.FromMinutes(6));

        await Problem.AssertAsync(await client.GetAsync("/me", ct), HttpStatusCode.GatewayTimeout, "stytch_timeout");

        RegisterSessionAuthenticate();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
    }

    private void RegisterSessionAuthenticate() =>
        Factory.Stytch.On("POST", SessionAuthenticate, _ => FakeReply.Json(StytchShapes.SessionAuthenticate(_user, Factory.Clock.GetUtcNow())));
}
