using System.Text.Json;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.Wire;

namespace Stytch.Emulator.State;

/// <summary>One user. Identity fields are immutable; the rest changes under a lock.</summary>
internal sealed class UserRecord
{
    private readonly Lock _gate = new();
    private readonly List<ConnectedAppGrant> _connectedApps = [];
    private readonly Dictionary<string, int> _connectedAppEpochs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _consentForced = new(StringComparer.Ordinal);
    private readonly List<OAuthRegistration> _providers = [];
    private PasswordHash? _password;
    private string? _passwordId;
    private bool _emailVerified;
    private string _status;
    private string _firstName;
    private string _lastName;
    private IReadOnlyDictionary<string, JsonElement> _trustedMetadata = new Dictionary<string, JsonElement>();
    private IReadOnlyDictionary<string, JsonElement> _untrustedMetadata = new Dictionary<string, JsonElement>();

    public UserRecord(string userId, string email, string firstName, string lastName, DateTimeOffset createdAt, bool pending = false)
    {
        UserId = userId;
        Email = email;
        EmailId = StytchIds.EmailId();
        CreatedAt = createdAt;
        _firstName = firstName;
        _lastName = lastName;
        _status = pending ? "pending" : "active";
    }

    public string UserId { get; }

    public string Email { get; }

    public string EmailId { get; }

    public DateTimeOffset CreatedAt { get; }

    public bool HasPassword
    {
        get
        {
            lock (_gate)
            {
                return _password is not null;
            }
        }
    }

    public void SetPassword(string password)
    {
        var hash = PasswordHash.Create(password);
        lock (_gate)
        {
            _password = hash;
            _passwordId ??= StytchIds.PasswordId();
        }
    }

    public bool PasswordMatches(string password)
    {
        PasswordHash? hash;
        lock (_gate)
        {
            hash = _password;
        }

        return hash is not null && hash.Matches(password);
    }

    public void SetProfile(NameView? name, IReadOnlyDictionary<string, JsonElement>? trusted, IReadOnlyDictionary<string, JsonElement>? untrusted)
    {
        lock (_gate)
        {
            _firstName = name?.FirstName ?? _firstName;
            _lastName = name?.LastName ?? _lastName;
            _trustedMetadata = trusted ?? _trustedMetadata;
            _untrustedMetadata = untrusted ?? _untrustedMetadata;
        }
    }

    /// <summary>A successful email-based login verifies the email and activates a pending user.</summary>
    public void MarkEmailVerified()
    {
        lock (_gate)
        {
            _emailVerified = true;
            _status = "active";
        }
    }

    /// <summary>The user's registration with <paramref name="provider"/>, created on first use.</summary>
    public OAuthRegistration RegistrationFor(OAuthProvider provider)
    {
        lock (_gate)
        {
            var existing = _providers.Find(p => p.Provider == provider);
            if (existing is not null)
            {
                return existing;
            }

            var registration = new OAuthRegistration(provider, $"emulator-{provider.Slug}-{UserId["user-test-".Length..]}", StytchIds.OAuthRegistrationId());
            _providers.Add(registration);
            return registration;
        }
    }

    public IReadOnlyList<ConnectedAppGrant> ConnectedApps()
    {
        lock (_gate)
        {
            return [.. _connectedApps];
        }
    }

    /// <summary>The grant for one app, or null when the user has not (or no longer) authorised it.</summary>
    public ConnectedAppGrant? GrantFor(string connectedAppId)
    {
        lock (_gate)
        {
            return _connectedApps.Find(a => string.Equals(a.ConnectedAppId, connectedAppId, StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Adds or replaces the grant for one app, as if the user had just completed its consent flow (seeds,
    /// <see cref="EmulatorHost.GrantConnectedApp"/>).
    /// </summary>
    public void Grant(ConnectedAppGrant grant)
    {
        lock (_gate)
        {
            _connectedApps.RemoveAll(a => string.Equals(a.ConnectedAppId, grant.ConnectedAppId, StringComparison.Ordinal));
            _connectedApps.Add(grant);
            _consentForced.Remove(grant.ConnectedAppId);
        }
    }

    /// <summary>
    /// Records a completed authorization of <paramref name="client"/> for <paramref name="scopes"/>: the grant lists
    /// the scopes granted so far plus these, a consent forced by a revoke is satisfied, and the grant's current
    /// revocation epoch is returned for the code and tokens to carry.
    /// </summary>
    public int Authorize(ConnectedAppClientRecord client, IReadOnlyList<string> scopes)
    {
        lock (_gate)
        {
            var existing = _connectedApps.Find(a => string.Equals(a.ConnectedAppId, client.ClientId, StringComparison.Ordinal));
            var granted = existing is null ? [] : existing.ScopesGranted.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            granted.AddRange(scopes.Where(s => !granted.Contains(s, StringComparer.Ordinal)));
            var grant = new ConnectedAppGrant(client.ClientId, client.Name, client.Description, client.ClientType, string.Join(' ', granted), client.LogoUrl);
            var at = existing is null ? _connectedApps.Count : _connectedApps.IndexOf(existing);
            _connectedApps.RemoveAll(a => string.Equals(a.ConnectedAppId, client.ClientId, StringComparison.Ordinal));
            _connectedApps.Insert(at, grant);
            _consentForced.Remove(client.ClientId);
            return _connectedAppEpochs.GetValueOrDefault(client.ClientId);
        }
    }

    /// <summary>
    /// The app's revocation epoch: codes and tokens carry the epoch they were issued in, and a revoke moves it on, so
    /// everything issued before the revoke is dead at once.
    /// </summary>
    public int ConnectedAppEpoch(string connectedAppId)
    {
        lock (_gate)
        {
            return _connectedAppEpochs.GetValueOrDefault(connectedAppId);
        }
    }

    /// <summary>Whether a revoke forces consent on the app's next authorization (until the user consents again).</summary>
    public bool ConsentForced(string connectedAppId)
    {
        lock (_gate)
        {
            return _consentForced.Contains(connectedAppId);
        }
    }

    /// <summary>
    /// Revokes the app: removes the grant, kills every code and token issued for it so far (the epoch moves on) and
    /// forces consent on the next authorization. False when it is not (or no longer) connected.
    /// </summary>
    public bool Revoke(string connectedAppId)
    {
        lock (_gate)
        {
            if (_connectedApps.RemoveAll(a => string.Equals(a.ConnectedAppId, connectedAppId, StringComparison.Ordinal)) == 0)
            {
                return false;
            }

            _connectedAppEpochs[connectedAppId] = _connectedAppEpochs.GetValueOrDefault(connectedAppId) + 1;
            _consentForced.Add(connectedAppId);
            return true;
        }
    }

    public UserView ToView()
    {
        lock (_gate)
        {
            return new UserView
            {
                UserId = UserId,
                Emails = [new EmailView(EmailId, Email, _emailVerified)],
                Status = _status,
                Providers = [.. _providers.Select(p => new ProviderView(p.Provider.ProviderType, p.ProviderSubject, "", "", p.RegistrationId))],
                Roles = ["stytch_user"],
                Name = new NameView { FirstName = _firstName, MiddleName = "", LastName = _lastName },
                CreatedAt = Rfc3339.Format(CreatedAt),
                Password = _passwordId is null ? null : new PasswordView(_passwordId, RequiresReset: false),
                TrustedMetadata = _trustedMetadata,
                UntrustedMetadata = _untrustedMetadata,
            };
        }
    }
}
