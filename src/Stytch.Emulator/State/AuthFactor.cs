using System.Text.Json;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.Wire;

namespace Stytch.Emulator.State;

/// <summary>How a session was authenticated: one entry of <c>authentication_factors</c>.</summary>
internal sealed record AuthFactor(
    string Type,
    string DeliveryMethod,
    DateTimeOffset At,
    string? EmailId = null,
    string? EmailAddress = null,
    OAuthProvider? Provider = null,
    string? ProviderSubject = null,
    string? RegistrationId = null)
{
    public static AuthFactor Password(DateTimeOffset at) => new("password", "knowledge", at);

    public static AuthFactor MagicLink(UserRecord user, DateTimeOffset at) =>
        new("magic_link", "email", at, user.EmailId, user.Email);

    public static AuthFactor OAuth(UserRecord user, OAuthProvider provider, OAuthRegistration registration, DateTimeOffset at) =>
        new("oauth", provider.DeliveryMethod, at, user.EmailId, null, provider, registration.ProviderSubject, registration.RegistrationId);

    /// <summary>The wire form; <paramref name="withAuditTimes"/> adds created_at/updated_at (API bodies, not the JWT claim).</summary>
    public AuthenticationFactorView ToView(bool withAuditTimes)
    {
        var at = Rfc3339.Format(At);
        Dictionary<string, JsonElement>? providerFactor = null;
        if (Provider is { } provider && RegistrationId is { } id)
        {
            var view = new OAuthFactorView(id, ProviderSubject ?? "", EmailId);
            providerFactor = new(StringComparer.Ordinal)
            {
                [provider.FactorProperty] = JsonSerializer.SerializeToElement(view, EmulatorJsonContext.Default.OAuthFactorView),
            };
        }

        return new AuthenticationFactorView
        {
            Type = Type,
            DeliveryMethod = DeliveryMethod,
            LastAuthenticatedAt = at,
            CreatedAt = withAuditTimes ? at : null,
            UpdatedAt = withAuditTimes ? at : null,
            EmailFactor = Provider is null && EmailId is not null ? new EmailFactorView(EmailId, EmailAddress ?? "") : null,
            ProviderFactor = providerFactor,
        };
    }
}
