using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bff.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bff.Tests.Redis;

/// <summary>What one session costs in Redis: the protected ticket must stay at most 4 KB.</summary>
public sealed class StoredSessionSizeTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const int Budget = 4096;
    private readonly string _prefix = RedisInstances.NewPrefix();
    private BffFactory? _bff;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_bff is not null)
        {
            await _bff.DisposeAsync();
        }
    }

    [Fact]
    public async Task AStoredSessionWithARealisticStytchJwtTakesAtMost4KB()
    {
        var ct = TestContext.Current.CancellationToken;
        _bff = RedisInstances.Create(redis, _prefix);
        var user = new TestUser("ada.lovelace+work@analytical-engines.example.com", "correct-horse", "Augusta Ada", "King-Noel, Countess of Lovelace");
        var now = _bff.Clock.GetUtcNow();
        var login = JsonNode.Parse(StytchShapes.Login(user, now))!;
        var jwt = RealisticJwt(user, now);
        login["session_jwt"] = jwt;
        _bff.Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(login.ToJsonString()));

        using var client = RedisInstances.Client(_bff, cookie: null);
        using var response = await client.PostAsJsonAsync("/auth/password", new { email = user.Email, password = user.Password }, ct);
        response.EnsureSuccessStatusCode();
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-bff-session=", StringComparison.Ordinal));

        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var key = Assert.Single(server.Keys(pattern: $"{_prefix}bff:session:*"));
        var stored = (byte[]?)await connection.GetDatabase().HashGetAsync(key, "data");
        var footprint = (long?)await connection.GetDatabase().ExecuteAsync("MEMORY", "USAGE", key);

        Assert.NotNull(stored);
        Assert.InRange(Encoding.ASCII.GetByteCount(jwt), 1000, 2048); // at least the ~1 KB of a one-factor Stytch JWT
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Stored session: {stored.Length} bytes of protected ticket (JWT {jwt.Length} bytes); Redis MEMORY USAGE {footprint} bytes; cookie {cookie.Split(';')[0].Length} bytes"));
        Assert.True(stored.Length <= Budget, $"A stored session takes {stored.Length} bytes, over the {Budget}-byte budget.");
    }

    /// <summary>A session JWT shaped like Stytch's (RS256, 2048-bit signature, session claim with two factors and attributes): about 1.7 KB, more than the ~1 KB of a one-factor session.</summary>
    private static string RealisticJwt(TestUser user, DateTimeOffset now)
    {
        static string B64(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
        static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = "jwk-test-3b9e1f2a-5c47-4d2e-9a61-0f8b7c6d5e4a", ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["aud"] = new JsonArray(FakeStytch.ProjectId),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
            ["https://stytch.com/session"] = new JsonObject
            {
                ["id"] = user.SessionId,
                ["started_at"] = Iso(now),
                ["last_accessed_at"] = Iso(now),
                ["expires_at"] = Iso(now.AddHours(12)),
                ["attributes"] = new JsonObject { ["user_agent"] = "Mozilla/5.0 (X11; Linux x86_64)", ["ip_address"] = "203.0.113.7" },
                ["authentication_factors"] = new JsonArray(
                    new JsonObject { ["delivery_method"] = "knowledge", ["type"] = "password", ["last_authenticated_at"] = Iso(now) },
                    new JsonObject
                    {
                        ["delivery_method"] = "email",
                        ["type"] = "magic_link",
                        ["last_authenticated_at"] = Iso(now),
                        ["email_factor"] = new JsonObject { ["email_id"] = user.EmailId, ["email_address"] = user.Email },
                    }),
                ["roles"] = new JsonArray("stytch_user"),
            },
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = $"stytch.com/{FakeStytch.ProjectId}",
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sub"] = user.UserId,
        };
        return $"{B64(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{B64(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{B64(RandomNumberGenerator.GetBytes(256))}";
    }
}
