using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Bff.Sessions;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bff.Tests.Sessions;

/// <summary>
/// The in-memory caches in front of the session cookie's and the stored ticket's Data Protection: a speed-up only,
/// never a second source of truth.
/// </summary>
public sealed class RecentSessionCacheTests : BffTest
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Fact]
    public async Task AfterLogoutTheSameCookieIsRefusedEvenThoughItsSessionWasCached()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookie = await LoginForCookieAsync(ct);
        var client = RawClient(cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
        Factory.Stytch.On("POST", "/v1/sessions/revoke", FakeReply.Ack());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/auth/logout", null, ct)).StatusCode);
        var replayed = await RawClient(cookie).GetAsync("/me", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
    }

    [Fact]
    public async Task ARefreshedSessionIsReadBackFromTheStoreNotFromTheCache()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await Factory.LoginAsync(_user, ct);
        Factory.Stytch.On("POST", "/v1/sessions/authenticate", _ => FakeReply.Json(StytchShapes.SessionAuthenticate(_user, Factory.Clock.GetUtcNow())));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);

        Factory.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
        Assert.Equal(1, Factory.Stytch.Count("POST", "/v1/sessions/authenticate"));

        // Past the single-flight reuse window but well inside MaxStaleness: the stored (refreshed) ticket is fresh.
        // A cache serving the ticket as it was before the refresh would make the BFF ask Stytch again.
        Factory.Clock.Advance(TimeSpan.FromSeconds(45));
        var response = await client.GetAsync("/me", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Factory.Stytch.Count("POST", "/v1/sessions/authenticate"));
    }

    [Fact]
    public async Task ChangesARequestMakesToItsTicketDoNotLeakIntoTheNextRead()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = NewStore(out _);
        var key = await store.StoreAsync(Ticket("original"), ct);
        var first = await store.RetrieveAsync(key, ct);
        var second = await store.RetrieveAsync(key, ct);

        foreach (var read in new[] { first!, second! })
        {
            read.Properties.Items[".stytch.session_jwt"] = "changed-by-a-request";
            ((ClaimsIdentity)read.Principal.Identity!).AddClaim(new Claim("added", "by-a-request"));
        }

        var third = await store.RetrieveAsync(key, ct);

        Assert.Equal("original", third!.Properties.Items[".stytch.session_jwt"]);
        Assert.Null(third.Principal.FindFirst("added"));
    }

    [Fact]
    public async Task ARenewedTicketIsReadBackWithItsNewValues()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = NewStore(out _);
        var key = await store.StoreAsync(Ticket("first-jwt"), ct);
        Assert.Equal("first-jwt", (await store.RetrieveAsync(key, ct))!.Properties.Items[".stytch.session_jwt"]);

        await store.RenewAsync(key, Ticket("second-jwt"), ct);
        var read = await store.RetrieveAsync(key, ct);

        Assert.Equal("second-jwt", read!.Properties.Items[".stytch.session_jwt"]);
    }

    [Fact]
    public async Task ATicketRenewedByAnotherInstanceIsReadWithItsNewValues()
    {
        var ct = TestContext.Current.CancellationToken;
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var keys = new EphemeralDataProtectionProvider();
        var index = new MemorySessionIndex(TimeProvider.System);
        using var here = new DistributedTicketStore(cache, index, keys, TimeProvider.System, NullLogger<DistributedTicketStore>.Instance);
        using var there = new DistributedTicketStore(cache, index, keys, TimeProvider.System, NullLogger<DistributedTicketStore>.Instance);
        var key = await here.StoreAsync(Ticket("first-jwt"), ct);
        Assert.Equal("first-jwt", (await here.RetrieveAsync(key, ct))!.Properties.Items[".stytch.session_jwt"]);
        Assert.Equal("first-jwt", (await here.RetrieveAsync(key, ct))!.Properties.Items[".stytch.session_jwt"]);

        await there.RenewAsync(key, Ticket("second-jwt"), ct);
        var read = await here.RetrieveAsync(key, ct);

        Assert.Equal("second-jwt", read!.Properties.Items[".stytch.session_jwt"]);
    }

    [Fact]
    public async Task ATicketDeletedFromTheStoreBehindTheBffsBackIsGone()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = NewStore(out var cache);
        var key = await store.StoreAsync(Ticket("jwt"), ct);
        Assert.NotNull(await store.RetrieveAsync(key, ct));

        // Another instance logs the session out: it removes the entry from the shared store directly.
        await cache.RemoveAsync(DistributedTicketStore.KeyPrefix + key, ct);

        Assert.Null(await store.RetrieveAsync(key, ct));
    }

    [Fact]
    public void ATamperedCookieIsRefusedEveryTimeAndAGoodOneUnprotectsToItsSession()
    {
        var inner = new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("test"));
        using var format = new CachingTicketDataFormat(inner);
        var cookie = format.Protect(Ticket("jwt"));
        var tampered = cookie[..^4] + (cookie[^4..] == "AAAA" ? "BBBB" : "AAAA");

        Assert.Null(format.Unprotect(tampered));
        Assert.Null(format.Unprotect(tampered));
        Assert.Equal("user-test-1", format.Unprotect(cookie)!.Principal.FindFirst("sub")!.Value);
        Assert.Equal("user-test-1", format.Unprotect(cookie)!.Principal.FindFirst("sub")!.Value);
        Assert.Null(format.Unprotect("not-a-cookie"));
    }

    private static DistributedTicketStore NewStore(out IDistributedCache cache)
    {
        cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        return new DistributedTicketStore(cache, new MemorySessionIndex(TimeProvider.System), new EphemeralDataProtectionProvider(), TimeProvider.System, NullLogger<DistributedTicketStore>.Instance);
    }

    private static AuthenticationTicket Ticket(string jwt)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "user-test-1"), new Claim("sid", "session-test-1")], SessionTicket.Scheme));
        var properties = new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) };
        properties.Items[".stytch.session_jwt"] = jwt;
        return new AuthenticationTicket(principal, properties, SessionTicket.Scheme);
    }

    private async Task<string> LoginForCookieAsync(CancellationToken ct)
    {
        Factory.Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(StytchShapes.Login(_user, Factory.Clock.GetUtcNow())));
        var response = await Factory.CreateSpaClient().PostAsJsonAsync("/auth/password", new { email = _user.Email, password = _user.Password }, ct);
        response.EnsureSuccessStatusCode();
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-bff-session=", StringComparison.Ordinal));
        return setCookie.Split(';')[0];
    }

    private HttpClient RawClient(string cookie)
    {
        var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        });
        client.DefaultRequestHeaders.Add("X-CSRF", "1");
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}
