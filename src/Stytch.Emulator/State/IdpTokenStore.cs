using System.Collections.Concurrent;

namespace Stytch.Emulator.State;

/// <summary>
/// The access and refresh tokens issued to Connected Apps, and whether each is still active: not expired, not revoked
/// itself, its family not revoked, and issued in the user's current revocation epoch for the app (a user revoke
/// moves the epoch on, so everything issued before it is inactive at once).
/// </summary>
internal sealed class IdpTokenStore(UserStore users, TimeProvider clock)
{
    private const int SweepEvery = 1_000;
    private readonly ConcurrentDictionary<string, AccessTokenRecord> _access = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefreshTokenRecord> _refresh = new(StringComparer.Ordinal);
    private int _added;

    public void Add(AccessTokenRecord token)
    {
        _access[token.Jti] = token;
        SweepNowAndThen();
    }

    public void Add(string refreshToken, RefreshTokenRecord token)
    {
        _refresh[refreshToken] = token;
        SweepNowAndThen();
    }

    public AccessTokenRecord? FindAccess(string jti) => _access.GetValueOrDefault(jti);

    public RefreshTokenRecord? FindRefresh(string token) => _refresh.GetValueOrDefault(token);

    public bool IsActive(AccessTokenRecord token) =>
        !token.Revoked && clock.GetUtcNow() < token.ExpiresAt && IsAlive(token.Family);

    public bool IsActive(RefreshTokenRecord token) =>
        !token.Revoked && !token.Retired && clock.GetUtcNow() < token.ExpiresAt && IsAlive(token.Family);

    /// <summary>The family is not revoked and the user has not revoked the app since it was issued.</summary>
    public bool IsAlive(TokenFamily family) =>
        !family.Revoked && users.Find(family.UserId) is { } user && user.ConnectedAppEpoch(family.ClientId) == family.Epoch;

    private void SweepNowAndThen()
    {
        if (Interlocked.Increment(ref _added) % SweepEvery != 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var (jti, token) in _access)
        {
            if (now >= token.ExpiresAt)
            {
                _access.TryRemove(jti, out _);
            }
        }

        foreach (var (value, token) in _refresh)
        {
            if (now >= token.ExpiresAt)
            {
                _refresh.TryRemove(value, out _);
            }
        }
    }
}
