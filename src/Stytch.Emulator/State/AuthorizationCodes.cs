namespace Stytch.Emulator.State;

/// <summary>What an authorization code stands for, fixed when <c>/v1/idp/oauth/authorize</c> issued it.</summary>
internal sealed record AuthorizationCodeGrant(
    string ClientId,
    string UserId,
    string RedirectUri,
    IReadOnlyList<string> Scopes,
    string? Nonce,
    string? CodeChallenge,
    int Epoch);

internal enum CodeState
{
    NotFound,
    Expired,
    Used,
    Valid,
}

/// <summary>
/// Single-use authorization codes. A redeemed code is remembered (until it would have expired) with the token family
/// it produced, so a replay can revoke that family (RFC 6749 §4.1.2).
/// </summary>
internal sealed class AuthorizationCodes(TimeProvider clock)
{
    private const int SweepEvery = 1_000;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _added;

    public void Add(string code, AuthorizationCodeGrant grant, TimeSpan lifetime)
    {
        lock (_gate)
        {
            _entries[code] = new Entry(grant, clock.GetUtcNow() + lifetime);
            if (++_added % SweepEvery == 0)
            {
                var now = clock.GetUtcNow();
                foreach (var key in _entries.Where(e => now >= e.Value.ExpiresAt).Select(e => e.Key).ToList())
                {
                    _entries.Remove(key);
                }
            }
        }
    }

    /// <summary>Looks a code up without using it; for a used code, the family it produced.</summary>
    public (CodeState State, AuthorizationCodeGrant? Grant, TokenFamily? Family) Peek(string code)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(code, out var entry))
            {
                return (CodeState.NotFound, null, null);
            }

            if (entry.Family is not null)
            {
                return (CodeState.Used, entry.Grant, entry.Family);
            }

            return clock.GetUtcNow() >= entry.ExpiresAt ? (CodeState.Expired, entry.Grant, null) : (CodeState.Valid, entry.Grant, null);
        }
    }

    /// <summary>Uses the code up for <paramref name="family"/>; false when another request used it first.</summary>
    public bool TryRedeem(string code, TokenFamily family)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(code, out var entry) || entry.Family is not null)
            {
                return false;
            }

            entry.Family = family;
            return true;
        }
    }

    private sealed class Entry(AuthorizationCodeGrant grant, DateTimeOffset expiresAt)
    {
        public AuthorizationCodeGrant Grant { get; } = grant;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public TokenFamily? Family { get; set; }
    }
}
