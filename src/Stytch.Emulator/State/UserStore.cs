using System.Collections.Concurrent;
using Stytch.Emulator.Infrastructure;

namespace Stytch.Emulator.State;

/// <summary>All users, by id and by (case-insensitive) email.</summary>
internal sealed class UserStore
{
    private readonly ConcurrentDictionary<string, UserRecord> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UserRecord> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _createGate = new();
    private readonly TimeProvider _clock;

    public UserStore(EmulatorOptions options, TimeProvider clock)
    {
        _clock = clock;
        foreach (var seed in options.Users)
        {
            var user = new UserRecord(
                string.IsNullOrEmpty(seed.UserId) ? StytchIds.UserId() : seed.UserId,
                seed.Email,
                seed.FirstName,
                seed.LastName,
                Rfc3339.Truncate(clock.GetUtcNow()));
            if (seed.Password is not null)
            {
                user.SetPassword(seed.Password);
            }

            user.MarkEmailVerified();
            foreach (var app in seed.ConnectedApps)
            {
                user.Grant(ConnectedAppGrant.From(app));
            }

            Add(user);
        }
    }

    public UserRecord? Find(string userId) => _byId.GetValueOrDefault(userId);

    public UserRecord? FindByEmail(string email) => _byEmail.GetValueOrDefault(email);

    /// <summary>Creates a user, or returns null when the email is taken.</summary>
    public UserRecord? TryCreate(string email, string firstName = "", string lastName = "", bool pending = false)
    {
        lock (_createGate)
        {
            if (_byEmail.ContainsKey(email))
            {
                return null;
            }

            var user = new UserRecord(StytchIds.UserId(), email, firstName, lastName, Rfc3339.Truncate(_clock.GetUtcNow()), pending);
            Add(user);
            return user;
        }
    }

    /// <summary>The user with this email, created (and flagged as such) when missing.</summary>
    public (UserRecord User, bool Created) GetOrCreate(string email, bool pending = false)
    {
        lock (_createGate)
        {
            if (_byEmail.TryGetValue(email, out var existing))
            {
                return (existing, false);
            }

            var user = new UserRecord(StytchIds.UserId(), email, "", "", Rfc3339.Truncate(_clock.GetUtcNow()), pending);
            Add(user);
            return (user, true);
        }
    }

    private void Add(UserRecord user)
    {
        _byId[user.UserId] = user;
        _byEmail[user.Email] = user;
    }
}
