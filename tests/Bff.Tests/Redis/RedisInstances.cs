using System.Net.Http.Json;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bff.Tests.Redis;

/// <summary>BFF instances on one real Redis: sessions and the Data Protection key ring shared through it.</summary>
internal static class RedisInstances
{
    /// <summary>A fresh key prefix, so tests sharing one redis-server never see each other's keys.</summary>
    public static string NewPrefix() => $"test-{Guid.NewGuid():N}:";

    /// <summary>One BFF instance on <paramref name="redis"/>, with short Redis timeouts so an outage answers quickly.</summary>
    public static BffFactory Create(RedisServer redis, string prefix)
    {
        var factory = new BffFactory { EphemeralDataProtection = false };
        factory.Settings["Redis:Configuration"] = redis.Configuration;
        factory.Settings["Redis:InstanceName"] = prefix;
        factory.Settings["Redis:ConnectTimeout"] = "00:00:01";
        factory.Settings["Redis:SyncTimeout"] = "00:00:01";
        factory.Settings["Redis:AsyncTimeout"] = "00:00:01";
        return factory;
    }

    /// <summary>Logs <paramref name="user"/> in on <paramref name="factory"/> and returns the session cookie ("name=value").</summary>
    public static async Task<string> LoginAsync(BffFactory factory, TestUser user, CancellationToken ct)
    {
        factory.Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(StytchShapes.Login(user, factory.Clock.GetUtcNow())));
        using var client = Client(factory, cookie: null);
        using var response = await client.PostAsJsonAsync("/auth/password", new { email = user.Email, password = user.Password }, ct);
        response.EnsureSuccessStatusCode();
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-bff-session=", StringComparison.Ordinal));
        return setCookie.Split(';')[0];
    }

    /// <summary>A SPA-like client of <paramref name="factory"/> that sends <paramref name="cookie"/> (the same browser, another instance).</summary>
    public static HttpClient Client(BffFactory factory, string? cookie)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        });
        client.DefaultRequestHeaders.Add("X-CSRF", "1");
        if (cookie is not null)
        {
            client.DefaultRequestHeaders.Add("Cookie", cookie);
        }

        return client;
    }
}
