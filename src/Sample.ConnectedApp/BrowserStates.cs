using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;

namespace Sample.ConnectedApp;

/// <summary>
/// What the app remembers per browser, server-side: the authorization request in flight, the tokens it holds and the
/// outcome of the last check. The browser only holds a random key in an HttpOnly cookie; tokens never reach it.
/// Kept in a bounded memory cache with a sliding hour (a sample, on one machine).
/// </summary>
public sealed class BrowserStates(IMemoryCache cache, TimeProvider time) : IDisposable
{
    public const string CookieName = "sample_connected_app";
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(1);

    /// <summary>This browser's state, created (with its cookie) when <paramref name="create"/> and it has none.</summary>
    public BrowserState? Get(HttpContext context, bool create)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies.TryGetValue(CookieName, out var key) && IsKey(key) && cache.TryGetValue(CacheKey(key), out BrowserState? state))
        {
            return state;
        }

        if (!create)
        {
            return null;
        }

        key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        state = new BrowserState(time);
        cache.Set(CacheKey(key), state, new MemoryCacheEntryOptions { SlidingExpiration = IdleLifetime, Size = 1 });
        context.Response.Cookies.Append(CookieName, key, new CookieOptions
        {
            HttpOnly = true,
            // Lax: the cookie must come back on the top-level redirect from the consent page (another site); a
            // cross-site POST carries no cookie, so no other site can make this browser check or disconnect.
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        return state;
    }

    public void Dispose() => cache.Dispose();

    private static string CacheKey(string key) => "browser:" + key;

    private static bool IsKey(string? key) => key is { Length: 64 } && key.All(char.IsAsciiHexDigitLower);
}

/// <summary>One browser's state. All access goes through its lock: two tabs may call at once.</summary>
public sealed class BrowserState(TimeProvider time)
{
    private readonly Lock _gate = new();
    private PendingAuthorization? _pending;
    private Connection? _connection;
    private CheckResult? _lastCheck;
    private string? _notice;

    public Lock Gate => _gate;

    public PendingAuthorization StartAuthorization()
    {
        lock (_gate)
        {
            _pending = PendingAuthorization.Create(time.GetUtcNow());
            return _pending;
        }
    }

    /// <summary>The pending authorization if <paramref name="state"/> is its state and it is fresh; single use either way.</summary>
    public PendingAuthorization? TakeAuthorization(string? state)
    {
        lock (_gate)
        {
            var pending = _pending;
            if (pending is null || state is null)
            {
                return null;
            }

            var matches = CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(pending.State), System.Text.Encoding.ASCII.GetBytes(state));
            if (!matches)
            {
                return null; // an unrelated or forged callback does not cancel the real flow in flight
            }

            _pending = null;
            return time.GetUtcNow() - pending.StartedAt <= BrowserStates.PendingLifetime ? pending : null;
        }
    }

    public Connection? Connection
    {
        get
        {
            lock (_gate)
            {
                return _connection;
            }
        }
    }

    public CheckResult? LastCheck
    {
        get
        {
            lock (_gate)
            {
                return _lastCheck;
            }
        }
    }

    public void Connect(Connection connection)
    {
        lock (_gate)
        {
            _connection = connection;
            _lastCheck = null;
        }
    }

    public void RecordCheck(Connection checkedConnection, CheckResult result)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_connection, checkedConnection))
            {
                _lastCheck = result;
            }
        }
    }

    public Connection? Disconnect()
    {
        lock (_gate)
        {
            var connection = _connection;
            _connection = null;
            _lastCheck = null;
            return connection;
        }
    }

    /// <summary>A one-time message for the next page (e.g. "you declined").</summary>
    public void SetNotice(string notice)
    {
        lock (_gate)
        {
            _notice = notice;
        }
    }

    public string? TakeNotice()
    {
        lock (_gate)
        {
            var notice = _notice;
            _notice = null;
            return notice;
        }
    }
}

/// <summary>The tokens the app holds for the user and who it is connected as.</summary>
public sealed record Connection(
    string AccessToken, string? RefreshToken, string Scope, DateTimeOffset? ExpiresAt, ConnectedUser User, DateTimeOffset ConnectedAt)
{
    /// <summary>Records print every member; these are tokens.</summary>
    public override string ToString() => $"Connection {{ Subject = {User.Subject}, Scope = {Scope} }}";
}

public enum AccessVerdict
{
    /// <summary>Introspection says active and userinfo answered.</summary>
    Works,

    /// <summary>Introspection says inactive, or userinfo refused the token: the user revoked the app's access (or it expired).</summary>
    Revoked,

    /// <summary>The identity provider could not be asked.</summary>
    Unknown,
}

/// <summary>One "Call again": what introspection, userinfo and a local JWT check each said.</summary>
public sealed record CheckResult(
    AccessVerdict Verdict, DateTimeOffset CheckedAt, string Introspection, string UserInfo, LocalVerification Local, ConnectedUser? User);
