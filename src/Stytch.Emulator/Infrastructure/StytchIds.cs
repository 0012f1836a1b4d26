using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Stytch.Emulator.Infrastructure;

/// <summary>Identifier formats of Stytch's test environment (stytch-api.md §1 and §3.3).</summary>
internal static partial class StytchIds
{
    public static string RequestId() => "request-id-test-" + Guid.NewGuid().ToString("D");

    public static string UserId() => "user-test-" + Guid.NewGuid().ToString("D");

    public static string SessionId() => "session-test-" + Guid.NewGuid().ToString("D");

    public static string EmailId() => "email-test-" + Guid.NewGuid().ToString("D");

    public static string PasswordId() => "password-test-" + Guid.NewGuid().ToString("D");

    public static string OAuthRegistrationId() => "oauth-user-test-" + Guid.NewGuid().ToString("D");

    public static string KeyId() => "jwk-test-" + Guid.NewGuid().ToString("D");

    public static string ConnectedAppClientId() => "connected-app-test-" + Guid.NewGuid().ToString("D");

    /// <summary>A Connected App client secret: 48 characters of base64url.</summary>
    public static string ClientSecret() => Secret(36);

    /// <summary>A JWT id (<c>jti</c>) of an access token.</summary>
    public static string TokenId() => "access-token-test-" + Guid.NewGuid().ToString("D");

    /// <summary>A single-use authorization code or an opaque refresh token: 44 characters of base64url.</summary>
    public static string OpaqueToken() => Secret(33);

    /// <summary>44 characters of base64url (33 random bytes), like a Stytch session token.</summary>
    public static string SessionToken() => Secret(33);

    /// <summary>A single-use login token (magic link, OAuth): 44 characters of base64url.</summary>
    public static string LoginToken() => Secret(33);

    public static string Secret(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>Whether <paramref name="value"/> looks like a user id (<c>user-test-&lt;uuid&gt;</c> or <c>user-live-&lt;uuid&gt;</c>).</summary>
    public static bool IsUserId(string value) => UserIdPattern().IsMatch(value);

    [GeneratedRegex("^user-(test|live)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserIdPattern();
}
