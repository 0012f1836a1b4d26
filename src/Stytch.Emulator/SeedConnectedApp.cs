namespace Stytch.Emulator;

/// <summary>A Connected App a seed user has authorised (one item of <c>GET /v1/users/{user_id}/connected_apps</c>).</summary>
public sealed class SeedConnectedApp
{
    /// <summary>The app's client id, <c>connected-app-test-&lt;uuid&gt;</c>.</summary>
    public string ConnectedAppId { get; set; } = "";

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>One of <c>first_party</c>, <c>first_party_public</c>, <c>third_party</c>, <c>third_party_public</c>.</summary>
    public string ClientType { get; set; } = "third_party";

    /// <summary>Space-separated scopes, a single string as on the wire.</summary>
    public string ScopesGranted { get; set; } = "";

    /// <summary>Optional; omitted from the wire when null.</summary>
    public string? LogoUrl { get; set; }
}
