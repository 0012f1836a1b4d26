namespace Stytch.Emulator.ConnectedApps;

/// <summary>What a Connected App client must satisfy, for seeds, the create API and in-process registration alike.</summary>
internal static class ConnectedAppClientRules
{
    public const int MinAccessTokenExpiryMinutes = 5;
    public const int MaxAccessTokenExpiryMinutes = 1440;

    /// <summary>Every problem with <paramref name="client"/>, each a sentence; empty when it is valid.</summary>
    public static List<string> Validate(ConnectedAppClient client)
    {
        var label = string.IsNullOrEmpty(client.ClientId) ? "A Connected App client" : $"Connected App client '{client.ClientId}'";
        var problems = new List<string>();
        if (!ConnectedAppClient.ClientTypes.Contains(client.ClientType))
        {
            problems.Add($"{label}: client_type must be one of {string.Join(", ", ConnectedAppClient.ClientTypes)}.");
        }

        if (!string.IsNullOrEmpty(client.ClientId) && !client.ClientId.StartsWith("connected-app-", StringComparison.Ordinal))
        {
            problems.Add($"{label}: a client id starts with connected-app-.");
        }

        problems.AddRange(client.RedirectUrls.Select(RedirectUrlProblem).OfType<string>().Select(p => $"{label}: {p}"));
        if (client.AccessTokenExpiryMinutes is < MinAccessTokenExpiryMinutes or > MaxAccessTokenExpiryMinutes)
        {
            problems.Add($"{label}: access_token_expiry_minutes must be between {MinAccessTokenExpiryMinutes} and {MaxAccessTokenExpiryMinutes}.");
        }

        if (!client.ClientType.StartsWith("first_party", StringComparison.Ordinal) && (client.BypassConsentForOfflineAccess || client.FullAccessAllowed))
        {
            problems.Add($"{label}: bypass_consent_for_offline_access and full_access_allowed are valid for first party clients only.");
        }

        return problems;
    }

    /// <summary>
    /// Why <paramref name="url"/> cannot be a redirect URI, or null: it must be absolute, without a fragment
    /// (RFC 6749 §3.1.2), and http(s) with a host or a private-use scheme containing a dot (RFC 8252 §7.1).
    /// </summary>
    public static string? RedirectUrlProblem(string url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"redirect URL '{url}' is not an absolute URL.";
        }

        if (url.Contains('#', StringComparison.Ordinal))
        {
            return $"redirect URL '{url}' must not have a fragment.";
        }

        var web = uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;
        return web ? (string.IsNullOrEmpty(uri.Host) ? $"redirect URL '{url}' has no host." : null)
            : uri.Scheme.Contains('.', StringComparison.Ordinal) ? null
            : $"redirect URL '{url}' must be http(s) or a private-use scheme such as com.example.app:/callback.";
    }
}
