namespace Stytch.Emulator.Wire;

/// <summary>An item of <c>user.emails</c>.</summary>
internal sealed record EmailView(string EmailId, string Email, bool Verified);

/// <summary><c>user.name</c>; also accepted in <c>POST /v1/passwords</c>.</summary>
internal sealed record NameView
{
    public string? FirstName { get; init; }

    public string? MiddleName { get; init; }

    public string? LastName { get; init; }
}

/// <summary><c>user.password</c>.</summary>
internal sealed record PasswordView(string PasswordId, bool RequiresReset);

/// <summary>An item of <c>user.providers</c> (an OAuth registration).</summary>
internal sealed record ProviderView(
    string ProviderType,
    string ProviderSubject,
    string ProfilePictureUrl,
    string Locale,
    string OauthUserRegistrationId);
