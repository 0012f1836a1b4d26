namespace Bff.Redis;

/// <summary>
/// Where sessions and the Data Protection key ring live when the BFF runs as several instances. Bound from the
/// <c>Redis</c> section. Without <see cref="Configuration"/> both stay in this process (one instance only).
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>redis:6379</c> or
    /// <c>redis.internal:6380,ssl=true,password=…</c>. Any StackExchange.Redis option can be given here
    /// (<c>keepAlive</c>, <c>connectRetry</c>, <c>user</c>, <c>password</c>, <c>ssl</c>, …); the typed settings below win
    /// over the same option in the string, and <c>abortConnect</c> is always false. It may hold a password: set it from the
    /// environment (<c>Redis__Configuration</c>), never in a committed file.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key the BFF writes, so several apps (or test runs) can share one Redis.</summary>
    public string InstanceName { get; set; } = "stytch-bff:";

    /// <summary>How long one connection attempt may take (StackExchange.Redis <c>connectTimeout</c>).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound of a synchronous command (<c>syncTimeout</c>); the Data Protection key ring reads this way.</summary>
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Upper bound of an asynchronous command (<c>asyncTimeout</c>), including the time it waits for a reconnect: while
    /// Redis is down an authenticated request answers 503 after at most this long.
    /// </summary>
    public TimeSpan AsyncTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Connection attempts per connect (<c>connectRetry</c>); after that StackExchange.Redis keeps reconnecting in the background.</summary>
    public int ConnectRetry { get; set; } = 3;

    /// <summary>True when Redis is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
