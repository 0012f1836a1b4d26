using StackExchange.Redis;

namespace Bff.Redis;

/// <summary>
/// The one StackExchange.Redis connection of this instance, shared by the session cache, the Data Protection key ring,
/// the per-user session index and the readiness probe. It connects on first use (at the latest when the host starts,
/// see <see cref="SessionStoreStartup"/>) with <c>abortConnect=false</c>: when Redis is unreachable it keeps
/// reconnecting in the background, commands fail meanwhile (503), and nothing needs a restart when Redis returns.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;

    public RedisConnection(RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _configuration = CreateConfiguration(options);
        InstanceName = options.InstanceName;
        _multiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(_configuration), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The prefix of every key the BFF writes.</summary>
    public string InstanceName { get; }

    /// <summary>The servers, for logs (never the configuration string: it may hold a password).</summary>
    public string Endpoints => string.Join(", ", _configuration.EndPoints.Select(EndPointCollection.ToString));

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public IDatabase Database => _multiplexer.Value.GetDatabase();

    /// <summary>Connects if needed without blocking the caller's thread (the first connect waits up to ConnectTimeout).</summary>
    public Task<IConnectionMultiplexer> GetAsync() =>
        _multiplexer.IsValueCreated ? Task.FromResult<IConnectionMultiplexer>(_multiplexer.Value) : Task.Run(() => (IConnectionMultiplexer)_multiplexer.Value);

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }

    internal static ConfigurationOptions CreateConfiguration(RedisOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration ?? throw new InvalidOperationException("Redis:Configuration is not set."));
        configuration.AbortOnConnectFail = false; // start, and keep reconnecting, even while Redis is down
        configuration.ConnectTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)options.SyncTimeout.TotalMilliseconds;
        configuration.AsyncTimeout = (int)options.AsyncTimeout.TotalMilliseconds;
        configuration.ConnectRetry = options.ConnectRetry;
        configuration.ClientName ??= "stytch-bff";
        return configuration;
    }
}
