using StackExchange.Redis;

namespace Bff.Redis;

/// <summary>
/// Says at start-up where sessions live. With Redis it connects before the first request (waiting at most
/// <c>Redis:ConnectTimeout</c>; the BFF starts even when Redis is down and answers 503 until it is reachable) and logs
/// when the connection is lost and restored.
/// </summary>
internal sealed partial class SessionStoreStartup(ILogger<SessionStoreStartup> logger, RedisConnection? redis = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (redis is null)
        {
            Log.InMemory(logger);
            return;
        }

        var multiplexer = await redis.GetAsync().WaitAsync(cancellationToken);
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        if (multiplexer.IsConnected)
        {
            Log.InRedis(logger, redis.Endpoints, redis.InstanceName);
        }
        else
        {
            Log.RedisUnreachable(logger, redis.Endpoints);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (redis is not null)
        {
            redis.Multiplexer.ConnectionFailed -= OnConnectionFailed;
            redis.Multiplexer.ConnectionRestored -= OnConnectionRestored;
        }

        return Task.CompletedTask;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        var endpoint = EndPointCollection.ToString(e.EndPoint);
        Log.ConnectionLost(logger, endpoint, e.ConnectionType, e.FailureType);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        var endpoint = EndPointCollection.ToString(e.EndPoint);
        Log.ConnectionRestored(logger, endpoint, e.ConnectionType);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3200, EventName = "SessionStoreInMemory", Level = LogLevel.Warning,
            Message = "Sessions and Data Protection keys are kept in this process (Redis:Configuration is not set): run ONE instance only; sessions end when it restarts")]
        public static partial void InMemory(ILogger logger);

        [LoggerMessage(EventId = 3201, EventName = "SessionStoreInRedis", Level = LogLevel.Information,
            Message = "Sessions and Data Protection keys are kept in Redis at {RedisEndpoints} (key prefix {RedisInstanceName}); any number of instances may share it")]
        public static partial void InRedis(ILogger logger, string redisEndpoints, string redisInstanceName);

        [LoggerMessage(EventId = 3202, EventName = "SessionStoreRedisUnreachable", Level = LogLevel.Error,
            Message = "Redis at {RedisEndpoints} is not reachable yet: authenticated requests answer 503 and /readyz fails until it is; reconnecting in the background")]
        public static partial void RedisUnreachable(ILogger logger, string redisEndpoints);

        [LoggerMessage(EventId = 3203, EventName = "RedisConnectionLost", Level = LogLevel.Warning,
            Message = "Redis connection to {RedisEndpoint} ({ConnectionType}) lost: {FailureType}; reconnecting, authenticated requests answer 503 meanwhile")]
        public static partial void ConnectionLost(ILogger logger, string? redisEndpoint, ConnectionType connectionType, ConnectionFailureType failureType);

        [LoggerMessage(EventId = 3204, EventName = "RedisConnectionRestored", Level = LogLevel.Information,
            Message = "Redis connection to {RedisEndpoint} ({ConnectionType}) restored")]
        public static partial void ConnectionRestored(ILogger logger, string? redisEndpoint, ConnectionType connectionType);
    }
}
