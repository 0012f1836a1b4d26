using System.Text.Json;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.Wire;

namespace Stytch.Emulator.State;

/// <summary>One session. Its token never changes; expiry, factors and revocation change under a lock.</summary>
internal sealed class SessionRecord
{
    private readonly Lock _gate = new();
    private readonly List<AuthFactor> _factors = [];
    private DateTimeOffset _lastAccessedAt;
    private DateTimeOffset _expiresAt;
    private bool _revoked;
    private IReadOnlyDictionary<string, JsonElement> _customClaims;

    public SessionRecord(
        string userId,
        AuthFactor factor,
        DateTimeOffset now,
        TimeSpan duration,
        AttributesView attributes,
        IReadOnlyDictionary<string, JsonElement>? customClaims)
    {
        SessionId = StytchIds.SessionId();
        Token = StytchIds.SessionToken();
        UserId = userId;
        StartedAt = Rfc3339.Truncate(now);
        _lastAccessedAt = StartedAt;
        _expiresAt = Rfc3339.Truncate(now + duration);
        Attributes = attributes;
        _factors.Add(factor);
        _customClaims = customClaims ?? new Dictionary<string, JsonElement>();
    }

    public string SessionId { get; }

    public string Token { get; }

    public string UserId { get; }

    public DateTimeOffset StartedAt { get; }

    public AttributesView Attributes { get; }

    public bool IsActive(DateTimeOffset now)
    {
        lock (_gate)
        {
            return !_revoked && now < _expiresAt;
        }
    }

    /// <summary>Marks an access; with a duration, the session then expires that long from now.</summary>
    public void Touch(DateTimeOffset now, TimeSpan? extendTo)
    {
        lock (_gate)
        {
            _lastAccessedAt = Rfc3339.Truncate(now);
            if (extendTo is { } duration)
            {
                _expiresAt = Rfc3339.Truncate(now + duration);
            }
        }
    }

    public void AddFactor(AuthFactor factor)
    {
        lock (_gate)
        {
            _factors.RemoveAll(f => f.Type == factor.Type && f.DeliveryMethod == factor.DeliveryMethod);
            _factors.Add(factor);
        }
    }

    public void MergeCustomClaims(IReadOnlyDictionary<string, JsonElement>? claims)
    {
        if (claims is null || claims.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            var merged = new Dictionary<string, JsonElement>(_customClaims, StringComparer.Ordinal);
            foreach (var (name, value) in claims)
            {
                merged[name] = value;
            }

            _customClaims = merged;
        }
    }

    /// <summary>Revokes the session; false when it already was.</summary>
    public bool Revoke()
    {
        lock (_gate)
        {
            var wasActive = !_revoked;
            _revoked = true;
            return wasActive;
        }
    }

    /// <summary>A consistent copy of the mutable state, for building the wire object and the JWT claim.</summary>
    public SessionSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new SessionSnapshot(this, _lastAccessedAt, _expiresAt, [.. _factors], _customClaims);
        }
    }
}
