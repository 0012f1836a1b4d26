using System.Diagnostics;
using System.Globalization;
using Bff.Sessions;
using Bff.Stytch;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bff.Redis;

/// <summary>
/// The instances sharing one Redis, over one pub/sub channel, <c>{InstanceName}bff:session-changes</c>:
/// <list type="bullet">
/// <item>every change to a stored session is published as its key after the Redis write, and every instance drops its
/// local copy when the message arrives (messages arrive in order, one at a time);</item>
/// <item>each instance publishes a probe every <see cref="ProbeInterval"/> and receives it back on the same channel. Its
/// local copies are trusted only while its own latest probe came back no more than <see cref="Lease"/> after it was sent:
/// every change published before that probe has then been applied here. A lost or restored connection makes every copy
/// untrusted at once (<see cref="LocalSessionCache.DistrustAll"/>), and trust returns only with a probe sent after that,
/// so a change announced while this instance could not hear it is never covered by a copy. Until then every request reads
/// Redis (and is a 503 when Redis is down), as without local copies;</item>
/// <item>a refresh claim (<c>SET … NX PX</c> on <c>{InstanceName}bff:session-refresh:{key}</c>) lets one instance ask
/// Stytch about a session while the others wait for its answer in Redis.</item>
/// </list>
/// </summary>
public sealed partial class RedisSessionPeers : ISessionPeers, IHostedService, IDisposable
{
    /// <summary>How often each instance checks its own channel.</summary>
    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Local copies are trusted only while a probe sent at most this long ago has come back: the longest a change announced
    /// by another instance can go unapplied here while copies are still served (the bound stated in the README).
    /// </summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);

    /// <summary>With no probe back for this long while Redis is reachable, the subscription is made again.</summary>
    internal static readonly TimeSpan ResubscribeAfter = TimeSpan.FromSeconds(5);

    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(20);
    private static readonly long LeaseTicks = (long)(Lease.TotalSeconds * Stopwatch.Frequency);

    private readonly RedisConnection _redis;
    private readonly LocalSessionCache _copies;
    private readonly ILogger<RedisSessionPeers> _logger;
    private readonly RedisChannel _channel;
    private readonly string _channelName;
    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private readonly string _probePrefix;
    private readonly TimeSpan _claimTtl;
    private readonly Lock _state = new();
    private readonly CancellationTokenSource _stopping = new();
    private ChannelMessageQueue? _queue;
    private Task _loop = Task.CompletedTask;
    private long _confirmedAt; // Stopwatch timestamp at which the latest probe that came back was sent; 0 = none since the last loss
    private long _lostAt;
    private bool _reportedTrusted;

    public RedisSessionPeers(RedisConnection redis, LocalSessionCache copies, IOptions<StytchOptions> stytch, ILogger<RedisSessionPeers> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(stytch);
        _redis = redis;
        _copies = copies;
        _logger = logger;
        _channelName = redis.InstanceName + "bff:session-changes";
        _channel = RedisChannel.Literal(_channelName);
        _probePrefix = "?" + _instanceId + ":";

        // A claim outlives the longest Stytch call it covers; if its holder dies, the others wait at most this long.
        _claimTtl = stytch.Value.TotalTimeout + TimeSpan.FromSeconds(5);
    }

    public bool CopiesTrusted
    {
        get
        {
            var confirmed = Volatile.Read(ref _confirmedAt);
            return confirmed != 0 && Stopwatch.GetTimestamp() - confirmed <= LeaseTicks;
        }
    }

    public Task AnnounceChangeAsync(string key, CancellationToken ct) =>
        Guard(_ => _redis.Multiplexer.GetSubscriber().PublishAsync(_channel, key), ct);

    public Task<bool> TryClaimRefreshAsync(string key, CancellationToken ct) =>
        Guard(db => db.StringSetAsync(ClaimKey(key), _instanceId, _claimTtl, When.NotExists), ct);

    public async Task WaitForRefreshAsync(string key, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_claimTtl.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && await Guard(db => db.KeyExistsAsync(ClaimKey(key)), ct))
        {
            await Task.Delay(ClaimPoll, ct);
        }
    }

    public async Task ReleaseRefreshAsync(string key) =>
        await Guard(db => db.ScriptEvaluateAsync(ReleaseScript, [ClaimKey(key)], [_instanceId]), CancellationToken.None);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await _redis.GetAsync().WaitAsync(cancellationToken);
        multiplexer.ConnectionFailed += OnConnectionChanged;
        multiplexer.ConnectionRestored += OnConnectionChanged;
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _redis.Multiplexer.ConnectionFailed -= OnConnectionChanged;
        _redis.Multiplexer.ConnectionRestored -= OnConnectionChanged;
        if (_queue is { } queue)
        {
            await queue.UnsubscribeAsync().WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Subscribes, then sends a probe every <see cref="ProbeInterval"/>, until the host stops.</summary>
    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(ProbeInterval);
        var failing = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var subscriber = (await _redis.GetAsync()).GetSubscriber();
                if (_queue is null || Stopwatch.GetTimestamp() - Math.Max(Volatile.Read(ref _confirmedAt), Volatile.Read(ref _lostAt)) > ResubscribeAfter.TotalSeconds * Stopwatch.Frequency)
                {
                    await SubscribeAsync(subscriber);
                }

                await subscriber.PublishAsync(_channel, _probePrefix + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture));
                failing = false;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                if (!failing)
                {
                    Log.ProbeFailed(_logger, ex.GetType().Name);
                }

                failing = true;
            }

            ReportTrust();
            try
            {
                await timer.WaitForNextTickAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SubscribeAsync(ISubscriber subscriber)
    {
        Lost();
        if (_queue is { } old)
        {
            _queue = null;
            await old.UnsubscribeAsync();
        }

        var queue = await subscriber.SubscribeAsync(_channel);
        queue.OnMessage(OnMessage); // one message at a time, in the order Redis sent them
        _queue = queue;
    }

    private void OnMessage(ChannelMessage message)
    {
        var text = (string?)message.Message;
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (text[0] != '?')
        {
            _copies.Invalidate(text);
            return;
        }

        if (text.StartsWith(_probePrefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(_probePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sentAt))
        {
            Confirm(sentAt);
        }
    }

    /// <summary>A probe sent at <paramref name="sentAt"/> came back: every change published before it has been applied here.</summary>
    private void Confirm(long sentAt)
    {
        lock (_state)
        {
            var previous = _confirmedAt;
            if (sentAt <= _lostAt || sentAt <= previous)
            {
                return; // sent before the last loss: it proves nothing about the connection since
            }

            if (previous == 0 || sentAt - previous > LeaseTicks)
            {
                _copies.DistrustAll(); // a gap: trust starts afresh
            }

            Volatile.Write(ref _confirmedAt, sentAt);
        }

        ReportTrust();
    }

    private void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e)
    {
        Lost();
        ReportTrust();
    }

    private void Lost()
    {
        lock (_state)
        {
            Volatile.Write(ref _confirmedAt, 0);
            _lostAt = Stopwatch.GetTimestamp();
            _copies.DistrustAll();
        }
    }

    private void ReportTrust()
    {
        var trusted = CopiesTrusted;
        lock (_state)
        {
            if (trusted == _reportedTrusted)
            {
                return;
            }

            _reportedTrusted = trusted;
        }

        if (trusted)
        {
            Log.ChannelConfirmed(_logger, _channelName);
        }
        else
        {
            Log.ChannelLost(_logger, _channelName);
        }
    }

    private RedisKey ClaimKey(string key) => _redis.InstanceName + "bff:session-refresh:" + key;

    private async Task<T> Guard<T>(Func<IDatabase, Task<T>> operation, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            return await operation((await _redis.GetAsync()).GetDatabase());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new SessionStoreUnavailableException("Redis could not be reached to coordinate sessions with the other instances.", ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3205, EventName = "SessionChannelConfirmed", Level = LogLevel.Information,
            Message = "Session changes from other instances reach this one ({RedisChannel}): recently used sessions are served from local copies")]
        public static partial void ChannelConfirmed(ILogger logger, string redisChannel);

        [LoggerMessage(EventId = 3206, EventName = "SessionChannelLost", Level = LogLevel.Warning,
            Message = "Session changes from other instances may not reach this one ({RedisChannel}): every request reads Redis until they do again")]
        public static partial void ChannelLost(ILogger logger, string redisChannel);

        [LoggerMessage(EventId = 3207, EventName = "SessionChannelProbeFailed", Level = LogLevel.Warning,
            Message = "Could not publish on the session channel ({ExceptionType}); retrying every 250 ms")]
        public static partial void ProbeFailed(ILogger logger, string exceptionType);
    }
}
