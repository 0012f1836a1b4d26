namespace Stytch.Emulator.Jwt;

/// <summary>
/// The project's signing keys: the newest signs, every kept key verifies and is served in the JWKS. After a rotation
/// the previous key stays until the next rotation, as Stytch serves old and new keys side by side.
/// </summary>
internal sealed class SigningKeys : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<SigningKey> _retired = [];
    private readonly string _projectId;
    private readonly TimeProvider _clock;
    private SigningKey _current;
    private SigningKey? _previous;

    public SigningKeys(string projectId, TimeProvider clock)
    {
        _projectId = projectId;
        _clock = clock;
        _current = SigningKey.CreateShared(projectId, clock.GetUtcNow());
    }

    public SigningKey Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>The keys served in the JWKS, newest first.</summary>
    public IReadOnlyList<SigningKey> Published
    {
        get
        {
            lock (_gate)
            {
                return _previous is null ? [_current] : [_current, _previous];
            }
        }
    }

    public SigningKey? Find(string kid) => Published.FirstOrDefault(k => string.Equals(k.Kid, kid, StringComparison.Ordinal));

    /// <summary>Starts signing with a new key; the old one keeps verifying until the next rotation.</summary>
    public string Rotate()
    {
        var next = SigningKey.CreateFresh(_projectId, _clock.GetUtcNow());
        lock (_gate)
        {
            if (_previous is not null)
            {
                // Not disposed yet: a request may still be verifying with it. Disposed with the host.
                _retired.Add(_previous);
            }

            _previous = _current;
            _current = next;
            return next.Kid;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _current.Dispose();
            _previous?.Dispose();
            _retired.ForEach(k => k.Dispose());
        }
    }
}
