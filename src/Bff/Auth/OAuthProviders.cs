namespace Bff.Auth;

/// <summary>
/// The OAuth providers Stytch's consumer API starts flows for (<c>/v1/public/oauth/{provider}/start</c>). A name outside
/// this list is answered 404 by the BFF instead of sending the browser to a Stytch error page, and no flow is started.
/// </summary>
public static class OAuthProviders
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "amazon", "apple", "bitbucket", "coinbase", "discord", "facebook", "figma", "github", "gitlab", "google",
        "linkedin", "microsoft", "salesforce", "slack", "snapchat", "tiktok", "twitch", "twitter", "yahoo",
    };
}
