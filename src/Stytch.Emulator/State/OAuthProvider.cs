namespace Stytch.Emulator.State;

/// <summary>
/// An OAuth provider the simulated provider page can stand in for, with its names in Stytch's wire format
/// (<c>provider_type</c>, <c>delivery_method</c> and the factor property of spec <c>api_session_v1_AuthenticationFactor</c>).
/// </summary>
internal sealed record OAuthProvider(string Slug, string ProviderType, string DeliveryMethod, string FactorProperty)
{
    private static readonly Dictionary<string, OAuthProvider> Known = new OAuthProvider[]
    {
        new("google", "Google", "oauth_google", "google_oauth_factor"),
        new("microsoft", "Microsoft", "oauth_microsoft", "microsoft_oauth_factor"),
        new("apple", "Apple", "oauth_apple", "apple_oauth_factor"),
        new("github", "Github", "oauth_github", "github_oauth_factor"),
        new("gitlab", "Gitlab", "oauth_gitlab", "git_lab_oauth_factor"),
        new("facebook", "Facebook", "oauth_facebook", "facebook_oauth_factor"),
        new("discord", "Discord", "oauth_discord", "discord_oauth_factor"),
        new("linkedin", "LinkedIn", "oauth_linkedin", "linked_in_oauth_factor"),
        new("slack", "Slack", "oauth_slack", "slack_oauth_factor"),
        new("twitch", "Twitch", "oauth_twitch", "twitch_oauth_factor"),
    }.ToDictionary(p => p.Slug, StringComparer.Ordinal);

    public static OAuthProvider? Find(string slug) => Known.GetValueOrDefault(slug);
}
