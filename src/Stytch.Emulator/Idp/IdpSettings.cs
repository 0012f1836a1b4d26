namespace Stytch.Emulator.Idp;

/// <summary>
/// IdP settings that may change while the emulator runs: the consent page's URL is often known only after the
/// emulator started (a BFF on a free port). Starts from <see cref="EmulatorOptions.AuthorizationUrl"/>.
/// </summary>
internal sealed class IdpSettings(EmulatorOptions options)
{
    private volatile string _authorizationUrl = options.AuthorizationUrl;

    /// <summary>Discovery's <c>authorization_endpoint</c>; empty when not configured.</summary>
    public string AuthorizationUrl
    {
        get => _authorizationUrl;
        set => _authorizationUrl = value;
    }
}
