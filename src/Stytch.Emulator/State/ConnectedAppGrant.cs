namespace Stytch.Emulator.State;

/// <summary>A Connected App a user has authorised.</summary>
internal sealed record ConnectedAppGrant(
    string ConnectedAppId,
    string Name,
    string Description,
    string ClientType,
    string ScopesGranted,
    string? LogoUrl)
{
    public static ConnectedAppGrant From(SeedConnectedApp app) =>
        new(app.ConnectedAppId, app.Name, app.Description, app.ClientType, app.ScopesGranted, app.LogoUrl);
}
