using Stytch.Emulator.State;

namespace Stytch.Emulator.Idp;

/// <summary>When the user must consent explicitly (connected-apps-idp.md §6).</summary>
internal static class ConsentPolicy
{
    /// <summary>
    /// Required with <c>prompt=consent</c>; after the user revoked the app (until they consent again); whenever
    /// <c>offline_access</c> is requested, unless a first-party client bypasses that; and for a third-party client
    /// until the user has granted every (grantable) scope requested, so again when the scope set grows.
    /// First-party clients are otherwise trusted.
    /// </summary>
    public static bool IsRequired(ConnectedAppClientRecord client, UserRecord user, IReadOnlyList<string> grantableScopes, bool promptConsent)
    {
        if (promptConsent || user.ConsentForced(client.ClientId))
        {
            return true;
        }

        if (grantableScopes.Contains(IdpScopes.OfflineAccess, StringComparer.Ordinal) && !(client.IsFirstParty && client.BypassConsentForOfflineAccess))
        {
            return true;
        }

        if (client.IsFirstParty)
        {
            return false;
        }

        var granted = user.GrantFor(client.ClientId)?.ScopesGranted.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return granted is null || grantableScopes.Any(s => !granted.Contains(s, StringComparer.Ordinal));
    }
}
