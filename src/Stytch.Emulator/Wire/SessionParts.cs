using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stytch.Emulator.Wire;

/// <summary><c>attributes</c> of a session: the caller's IP address and user agent.</summary>
internal sealed record AttributesView(string IpAddress, string UserAgent);

/// <summary>
/// An authentication factor. The provider-specific part (e.g. <c>google_oauth_factor</c>) is carried in
/// <see cref="ProviderFactor"/>, whose single key is the property name.
/// </summary>
internal sealed record AuthenticationFactorView
{
    public required string Type { get; init; }

    public required string DeliveryMethod { get; init; }

    public required string LastAuthenticatedAt { get; init; }

    public string? CreatedAt { get; init; }

    public string? UpdatedAt { get; init; }

    public EmailFactorView? EmailFactor { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ProviderFactor { get; set; }
}

/// <summary><c>email_factor</c> of a magic-link or password factor.</summary>
internal sealed record EmailFactorView(string EmailId, string EmailAddress);

/// <summary>The <c>{provider}_oauth_factor</c> object of an OAuth factor.</summary>
internal sealed record OAuthFactorView(string Id, string ProviderSubject, string? EmailId);
