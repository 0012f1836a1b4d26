using Stytch.Emulator.Idp;
using Stytch.Emulator.State;

namespace Stytch.Emulator.Oidc;

/// <summary>
/// The OIDC claims the granted scopes release (ID token and userinfo): <c>profile</c> → name, given_name,
/// family_name; <c>email</c> → email, email_verified. Claims the user does not have are omitted; the emulator has
/// no phone numbers or profile pictures.
/// </summary>
internal sealed record UserClaims(string? Name, string? GivenName, string? FamilyName, string? Email, bool? EmailVerified)
{
    public static UserClaims For(UserRecord user, IReadOnlyCollection<string> scopes)
    {
        var view = user.ToView();
        string? given = null, family = null, name = null;
        if (scopes.Contains(IdpScopes.Profile))
        {
            given = Present(view.Name?.FirstName);
            family = Present(view.Name?.LastName);
            name = Present(string.Join(' ', new[] { given, family }.OfType<string>()));
        }

        var email = scopes.Contains(IdpScopes.Email) && view.Emails.Count > 0 ? view.Emails[0] : null;
        return new UserClaims(name, given, family, email?.Email, email?.Verified);
    }

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
