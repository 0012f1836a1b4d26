namespace Stytch.Emulator.State;

/// <summary>
/// Everything issued from one authorization code: its access tokens and its refresh token (with the ones it was
/// rotated into). Revoking the family (a revoked refresh token, a replayed code or a replayed rotated refresh token)
/// kills them all at once.
/// </summary>
internal sealed class TokenFamily(string userId, string clientId, int epoch, IReadOnlyList<string> scopes)
{
    private int _revoked;

    public string UserId { get; } = userId;

    public string ClientId { get; } = clientId;

    /// <summary>The user's revocation epoch for the app when the code was issued (see <see cref="UserRecord.ConnectedAppEpoch"/>).</summary>
    public int Epoch { get; } = epoch;

    /// <summary>The scopes the user granted in that authorization.</summary>
    public IReadOnlyList<string> Scopes { get; } = scopes;

    public bool Revoked => Volatile.Read(ref _revoked) == 1;

    public void Revoke() => Interlocked.Exchange(ref _revoked, 1);
}

/// <summary>An access token the emulator issued, by its <c>jti</c>.</summary>
internal sealed class AccessTokenRecord(
    string jti, TokenFamily family, string scope, string issuer, IReadOnlyList<string> audience, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
{
    private int _revoked;

    public string Jti { get; } = jti;

    public TokenFamily Family { get; } = family;

    public string Scope { get; } = scope;

    public string Issuer { get; } = issuer;

    public IReadOnlyList<string> Audience { get; } = audience;

    public DateTimeOffset IssuedAt { get; } = issuedAt;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public bool Revoked => Volatile.Read(ref _revoked) == 1;

    public void Revoke() => Interlocked.Exchange(ref _revoked, 1);
}

/// <summary>
/// An opaque refresh token. A public client's token is retired when it is rotated; a confidential client's token is
/// kept and its expiry moves on with each use.
/// </summary>
internal sealed class RefreshTokenRecord(TokenFamily family, string issuer, IReadOnlyList<string> audience, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _expiresAt = expiresAt;
    private bool _retired;
    private bool _revoked;

    public TokenFamily Family { get; } = family;

    public string Issuer { get; } = issuer;

    public IReadOnlyList<string> Audience { get; } = audience;

    public DateTimeOffset IssuedAt { get; } = issuedAt;

    public DateTimeOffset ExpiresAt
    {
        get
        {
            lock (_gate)
            {
                return _expiresAt;
            }
        }
    }

    /// <summary>Whether the token was rotated into a newer one (using it again is a replay).</summary>
    public bool Retired
    {
        get
        {
            lock (_gate)
            {
                return _retired;
            }
        }
    }

    public bool Revoked
    {
        get
        {
            lock (_gate)
            {
                return _revoked;
            }
        }
    }

    /// <summary>Retires the token for rotation; false when another request retired it first (only one rotation wins).</summary>
    public bool TryRetire()
    {
        lock (_gate)
        {
            if (_retired || _revoked)
            {
                return false;
            }

            _retired = true;
            return true;
        }
    }

    public void Extend(DateTimeOffset expiresAt)
    {
        lock (_gate)
        {
            _expiresAt = expiresAt;
        }
    }

    public void Revoke()
    {
        lock (_gate)
        {
            _revoked = true;
        }
    }
}
