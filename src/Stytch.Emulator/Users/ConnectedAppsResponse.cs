namespace Stytch.Emulator.Users;

/// <summary>An item of <c>connected_apps</c> (spec <c>api_user_v1_UserConnectedApp</c>); <c>logo_url</c> is optional.</summary>
internal sealed record ConnectedAppView(
    string ConnectedAppId,
    string Name,
    string Description,
    string ClientType,
    string ScopesGranted,
    string? LogoUrl);

/// <summary><c>GET /v1/users/{user_id}/connected_apps</c> response.</summary>
internal sealed record ConnectedAppsResponse(string RequestId, IReadOnlyList<ConnectedAppView> ConnectedApps, int StatusCode);
