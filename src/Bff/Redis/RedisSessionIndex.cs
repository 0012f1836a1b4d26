using System.Globalization;
using Bff.Sessions;
using Bff.Stytch;
using StackExchange.Redis;

namespace Bff.Redis;

/// <summary>
/// The per-user session index in Redis: one sorted set per Stytch user, <c>{InstanceName}bff:user-sessions:{user_id}</c>,
/// member = the session key, a space and the Stytch session id; score = the session's expiry (unix seconds). Every write
/// drops the expired members and sets the set's TTL to its longest-living member (plus a minute), atomically (one
/// script), so the index never outlives the sessions it lists.
/// </summary>
public sealed class RedisSessionIndex(RedisConnection redis, TimeProvider time) : ISessionIndex
{
    internal const string KeyPrefix = "bff:user-sessions:";

    private const string AddScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
        local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
        local ttl = math.ceil(tonumber(last[2]) - tonumber(ARGV[1]))
        if ttl < 1 then ttl = 1 end
        redis.call('EXPIRE', KEYS[1], ttl + 60)
        return redis.call('ZCARD', KEYS[1])
        """;

    public async Task AddAsync(IndexedSession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await Guard(async () =>
        {
            var db = (await redis.GetAsync()).GetDatabase();
            await db.ScriptEvaluateAsync(AddScript, [KeyOf(session.UserId)], [now, Member(session), session.ExpiresAt.ToUnixTimeSeconds()]);
        }, "write", ct);
    }

    public async Task RemoveAsync(IndexedSession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        await Guard(async () =>
        {
            var db = (await redis.GetAsync()).GetDatabase();
            await db.SortedSetRemoveAsync(KeyOf(session.UserId), Member(session));
        }, "update", ct);
    }

    public async Task<IReadOnlyList<IndexedSession>> ListAsync(StytchUserId userId, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        SortedSetEntry[] entries = [];
        await Guard(async () =>
        {
            var db = (await redis.GetAsync()).GetDatabase();
            entries = await db.SortedSetRangeByScoreWithScoresAsync(KeyOf(userId), now, double.PositiveInfinity, Exclude.Start);
        }, "read", ct);

        var sessions = new List<IndexedSession>(entries.Length);
        foreach (var entry in entries)
        {
            var member = (string?)entry.Element;
            var space = member?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
            if (space > 0)
            {
                sessions.Add(new IndexedSession(userId, member![..space], member[(space + 1)..], DateTimeOffset.FromUnixTimeSeconds((long)entry.Score)));
            }
        }

        return sessions;
    }

    internal RedisKey KeyOf(StytchUserId userId) => redis.InstanceName + KeyPrefix + userId.Value;

    private static string Member(IndexedSession session) => string.Create(CultureInfo.InvariantCulture, $"{session.Key} {session.SessionId}");

    private static async Task Guard(Func<Task> operation, string what, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            await operation();
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            throw new SessionStoreUnavailableException($"The session index could not be {(what == "read" ? "read" : "updated")}.", ex);
        }
    }
}
