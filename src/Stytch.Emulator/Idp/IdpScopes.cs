using Stytch.Emulator.State;

namespace Stytch.Emulator.Idp;

/// <summary>
/// The scopes a Connected App may request: Stytch's built-in ones (connected-apps-idp.md §3.2). The emulator has no
/// RBAC policy, so there are no custom scopes; the descriptions are the emulator's own wording.
/// </summary>
internal static class IdpScopes
{
    public const string OpenId = "openid";
    public const string Profile = "profile";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string OfflineAccess = "offline_access";
    public const string FullAccess = "full_access";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        [OpenId] = "Confirm your identity.",
        [Profile] = "View your name and profile picture.",
        [Email] = "View your email address.",
        [Phone] = "View your phone number.",
        [OfflineAccess] = "Keep access when you are not using the app.",
        [FullAccess] = "Full access to your account.",
    };

    public static IReadOnlyCollection<string> All => Descriptions.Keys;

    public static bool IsKnown(string scope) => Descriptions.ContainsKey(scope);

    public static string Describe(string scope) => Descriptions[scope];

    /// <summary><c>full_access</c> only for a first-party client that allows it; every other built-in scope always.</summary>
    public static bool IsGrantable(string scope, ConnectedAppClientRecord client) =>
        scope != FullAccess || (client.IsFirstParty && client.FullAccessAllowed);
}
