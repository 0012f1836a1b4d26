namespace Bff.Sessions;

/// <summary>
/// Endpoint metadata: the endpoint gets the session without the freshness check, so it never waits for (or fails
/// with) Stytch. Only for endpoints that end the session anyway: logout must work during a Stytch outage, and a login
/// replaces the session whatever state it is in.
/// </summary>
public sealed class SkipSessionRefreshMetadata
{
    public static readonly SkipSessionRefreshMetadata Instance = new();

    private SkipSessionRefreshMetadata()
    {
    }
}
