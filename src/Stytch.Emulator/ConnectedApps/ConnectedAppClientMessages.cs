using Stytch.Emulator.State;

namespace Stytch.Emulator.ConnectedApps;

/// <summary><c>POST /v1/connected_apps/clients</c> request (spec <c>api_connectedapps_v1_connected_apps_clients_CreateRequest</c>).</summary>
internal sealed class ConnectedAppCreateRequest
{
    public string? ClientType { get; set; }

    public string? ClientName { get; set; }

    public string? ClientDescription { get; set; }

    public List<string>? RedirectUrls { get; set; }

    public bool? FullAccessAllowed { get; set; }

    public int? AccessTokenExpiryMinutes { get; set; }

    public string? AccessTokenCustomAudience { get; set; }

    public string? AccessTokenTemplateContent { get; set; }

    public List<string>? PostLogoutRedirectUrls { get; set; }

    public string? LogoUrl { get; set; }

    public bool? BypassConsentForOfflineAccess { get; set; }

    public ConnectedAppClient ToClient() => new()
    {
        ClientType = ClientType ?? "",
        Name = ClientName ?? "",
        Description = ClientDescription ?? "",
        RedirectUrls = RedirectUrls ?? [],
        FullAccessAllowed = FullAccessAllowed ?? false,
        AccessTokenExpiryMinutes = AccessTokenExpiryMinutes ?? 60,
        AccessTokenCustomAudience = AccessTokenCustomAudience,
        AccessTokenTemplateContent = AccessTokenTemplateContent,
        PostLogoutRedirectUrls = PostLogoutRedirectUrls ?? [],
        LogoUrl = LogoUrl,
        BypassConsentForOfflineAccess = BypassConsentForOfflineAccess ?? false,
    };
}

/// <summary>
/// A Connected App on the wire: spec <c>api_connectedapps_v1_ConnectedApp</c> (get: with <c>creation_method</c>) or
/// <c>…ConnectedAppWithClientSecret</c> (create: with <c>client_secret</c> for a confidential client, the only time it is shown).
/// </summary>
internal sealed record ConnectedAppClientView
{
    public required string ClientId { get; init; }

    public required string ClientName { get; init; }

    public required string ClientDescription { get; init; }

    public required string Status { get; init; }

    public required bool FullAccessAllowed { get; init; }

    public required string ClientType { get; init; }

    public required IReadOnlyList<string> RedirectUrls { get; init; }

    public required int AccessTokenExpiryMinutes { get; init; }

    public required string AccessTokenTemplateContent { get; init; }

    public required IReadOnlyList<string> PostLogoutRedirectUrls { get; init; }

    public required bool BypassConsentForOfflineAccess { get; init; }

    public string? CreationMethod { get; init; }

    public string? ClientSecretLastFour { get; init; }

    public string? ClientSecret { get; init; }

    public string? AccessTokenCustomAudience { get; init; }

    public string? LogoUrl { get; init; }

    /// <summary>The wire form; <paramref name="secret"/> only in the create response, <c>creation_method</c> only in get.</summary>
    public static ConnectedAppClientView From(ConnectedAppClientRecord client, string? secret, bool withCreationMethod) => new()
    {
        ClientId = client.ClientId,
        ClientName = client.Name,
        ClientDescription = client.Description,
        Status = "active",
        FullAccessAllowed = client.FullAccessAllowed,
        ClientType = client.ClientType,
        RedirectUrls = client.RedirectUrls,
        AccessTokenExpiryMinutes = (int)client.AccessTokenLifetime.TotalMinutes,
        AccessTokenTemplateContent = client.AccessTokenTemplateContent,
        PostLogoutRedirectUrls = client.PostLogoutRedirectUrls,
        BypassConsentForOfflineAccess = client.BypassConsentForOfflineAccess,
        CreationMethod = withCreationMethod ? client.CreationMethod : null,
        ClientSecretLastFour = client.SecretLastFour,
        ClientSecret = secret,
        AccessTokenCustomAudience = client.AccessTokenCustomAudience,
        LogoUrl = client.LogoUrl,
    };
}

/// <summary>The create and get responses: <c>{request_id, connected_app, status_code}</c>.</summary>
internal sealed record ConnectedAppClientResponse(string RequestId, ConnectedAppClientView ConnectedApp, int StatusCode);
