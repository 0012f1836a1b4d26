using Microsoft.Extensions.Options;

namespace Bff.Auth;

/// <summary>How magic links are sent and accepted. Bound from the <c>MagicLinks</c> section.</summary>
public sealed class MagicLinkOptions
{
    public const string SectionName = "MagicLinks";

    /// <summary>
    /// False (default): a link logs in only the browser that asked for it (Stytch's magic-link PKCE, the verifier in an
    /// HttpOnly flow cookie); opened anywhere else it is refused and says where to open it. True: any browser can use
    /// the link (no PKCE). That gives up the protection against login CSRF: an attacker's own link, opened in a victim's
    /// browser (by a link or a page that navigates to it), logs the victim in to the attacker's account.
    /// </summary>
    public bool AllowCrossDevice { get; set; }

    /// <summary>How long a link (and its flow cookie) can be used, in minutes. Sent to Stytch for login and sign-up links.</summary>
    public int ExpirationMinutes { get; set; } = 15;
}

internal sealed class MagicLinkOptionsValidator : IValidateOptions<MagicLinkOptions>
{
    internal const int MinMinutes = 5;   // Stytch's minimum
    internal const int MaxMinutes = 1440; // the flow cookie is meant to be short-lived

    public ValidateOptionsResult Validate(string? name, MagicLinkOptions options) =>
        options.ExpirationMinutes is < MinMinutes or > MaxMinutes
            ? ValidateOptionsResult.Fail($"MagicLinks:ExpirationMinutes must be between {MinMinutes} and {MaxMinutes} (how long a magic link can be used); got {options.ExpirationMinutes}.")
            : ValidateOptionsResult.Success;
}
