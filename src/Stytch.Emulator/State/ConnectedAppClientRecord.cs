using System.Security.Cryptography;
using System.Text;

namespace Stytch.Emulator.State;

/// <summary>
/// A registered Connected App client. Immutable; a confidential client's secret is kept only as a SHA-256 hash and
/// its last four characters (Stytch shows the secret once, at creation).
/// </summary>
internal sealed class ConnectedAppClientRecord
{
    private readonly byte[]? _secretHash;

    private ConnectedAppClientRecord(ConnectedAppClient client, string clientId, string? secret, string creationMethod)
    {
        ClientId = clientId;
        ClientType = client.ClientType;
        Name = client.Name;
        Description = client.Description;
        RedirectUrls = [.. client.RedirectUrls];
        LogoUrl = string.IsNullOrEmpty(client.LogoUrl) ? null : client.LogoUrl;
        AccessTokenLifetime = TimeSpan.FromMinutes(client.AccessTokenExpiryMinutes);
        BypassConsentForOfflineAccess = client.BypassConsentForOfflineAccess;
        FullAccessAllowed = client.FullAccessAllowed;
        PostLogoutRedirectUrls = [.. client.PostLogoutRedirectUrls];
        AccessTokenCustomAudience = string.IsNullOrEmpty(client.AccessTokenCustomAudience) ? null : client.AccessTokenCustomAudience;
        AccessTokenTemplateContent = client.AccessTokenTemplateContent ?? "";
        CreationMethod = creationMethod;
        if (secret is not null)
        {
            _secretHash = Hash(secret);
            SecretLastFour = secret[^4..];
        }
    }

    public string ClientId { get; }

    public string ClientType { get; }

    public string Name { get; }

    public string Description { get; }

    public IReadOnlyList<string> RedirectUrls { get; }

    public string? LogoUrl { get; }

    public TimeSpan AccessTokenLifetime { get; }

    public bool BypassConsentForOfflineAccess { get; }

    public bool FullAccessAllowed { get; }

    public IReadOnlyList<string> PostLogoutRedirectUrls { get; }

    public string? AccessTokenCustomAudience { get; }

    public string AccessTokenTemplateContent { get; }

    /// <summary><c>dashboard</c> for seeds, <c>api</c> for clients created through the API or in-process.</summary>
    public string CreationMethod { get; }

    /// <summary>The last four characters of the secret; null for a public client.</summary>
    public string? SecretLastFour { get; }

    public bool IsConfidential => _secretHash is not null;

    public bool IsFirstParty => ClientType.StartsWith("first_party", StringComparison.Ordinal);

    /// <summary>
    /// A record for a validated <paramref name="client"/>: a fresh id unless it names one, and for a confidential client
    /// its secret, or a fresh one (returned in <c>Secret</c>, the only time it is seen).
    /// </summary>
    public static (ConnectedAppClientRecord Record, string? Secret) Create(ConnectedAppClient client, string creationMethod)
    {
        var clientId = string.IsNullOrEmpty(client.ClientId) ? Infrastructure.StytchIds.ConnectedAppClientId() : client.ClientId;
        var secret = !client.IsConfidential ? null
            : string.IsNullOrEmpty(client.ClientSecret) ? Infrastructure.StytchIds.ClientSecret() : client.ClientSecret;
        return (new ConnectedAppClientRecord(client, clientId, secret, creationMethod), secret);
    }

    public bool SecretMatches(string secret) =>
        _secretHash is not null && CryptographicOperations.FixedTimeEquals(_secretHash, Hash(secret));

    /// <summary>Whether <paramref name="redirectUri"/> is registered, compared exactly (ordinal).</summary>
    public bool HasRedirectUrl(string redirectUri) => RedirectUrls.Contains(redirectUri, StringComparer.Ordinal);

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
