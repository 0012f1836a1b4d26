namespace Stytch.Emulator.State;

/// <summary>A user's link to one OAuth provider (an item of <c>user.providers</c>).</summary>
internal sealed record OAuthRegistration(OAuthProvider Provider, string ProviderSubject, string RegistrationId);
