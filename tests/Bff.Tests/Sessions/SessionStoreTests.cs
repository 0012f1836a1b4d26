using System.Net;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bff.Tests.Sessions;

public sealed class SessionStoreTests : BffTest
{
    private readonly SwitchableCache _cache = new();
    private readonly TestUser _user = new("ada@example.com", "correct-horse");

    [Fact]
    public async Task AnUnreachableSessionStoreIs503AndNeverALogout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IDistributedCache>(_cache)));
        var cookies = new CookieContainer();
        Factory.Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(StytchShapes.Login(_user, Factory.Clock.GetUtcNow())));
        var client = factory.CreateDefaultClient(BffFactory.SpaBaseAddress, new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        client.DefaultRequestHeaders.Add("X-CSRF", "1");
        var login = await client.PostAsync("/auth/password", new StringContent("{\"email\":\"ada@example.com\",\"password\":\"correct-horse\"}", System.Text.Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        _cache.Broken = true;
        var during = await client.GetAsync("/me", ct);

        await Problem.AssertAsync(during, HttpStatusCode.ServiceUnavailable);
        Assert.False(during.Headers.Contains("Set-Cookie")); // the cookie is kept
        Assert.Single(Factory.Logs.WithEventName("SessionStoreUnavailable"));
        _cache.Broken = false;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", ct)).StatusCode);
    }

    private sealed class SwitchableCache : IDistributedCache
    {
        private readonly MemoryDistributedCache _inner = new(Options.Create(new MemoryDistributedCacheOptions()));

        public bool Broken { get; set; }

        public byte[]? Get(string key) => Check(() => _inner.Get(key));

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Check(() => _inner.GetAsync(key, token));

        public void Refresh(string key) => Check(() => { _inner.Refresh(key); return 0; });

        public Task RefreshAsync(string key, CancellationToken token = default) => Check(() => _inner.RefreshAsync(key, token));

        public void Remove(string key) => Check(() => { _inner.Remove(key); return 0; });

        public Task RemoveAsync(string key, CancellationToken token = default) => Check(() => _inner.RemoveAsync(key, token));

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Check(() => { _inner.Set(key, value, options); return 0; });

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
            Check(() => _inner.SetAsync(key, value, options, token));

        private T Check<T>(Func<T> action) => Broken ? throw new IOException("The session store is unreachable (test).") : action();
    }
}
