using Stytch.Emulator.Wire;

namespace Stytch.Emulator.Idp;

/// <summary><c>POST /v1/idp/oauth/authorize/start</c> request (spec <c>api_idp_v1_idp_oauth_AuthorizeStartRequest</c>).</summary>
internal class AuthorizeStartRequest
{
    public string? ClientId { get; set; }

    public string? RedirectUri { get; set; }

    public string? ResponseType { get; set; }

    public List<string>? Scopes { get; set; }

    public string? UserId { get; set; }

    public string? SessionToken { get; set; }

    public string? SessionJwt { get; set; }

    public string? Prompt { get; set; }
}

/// <summary><c>POST /v1/idp/oauth/authorize</c> request: start's fields plus consent, state, nonce, PKCE and resources.</summary>
internal sealed class AuthorizeRequest : AuthorizeStartRequest
{
    public bool? ConsentGranted { get; set; }

    public string? State { get; set; }

    public string? Nonce { get; set; }

    public string? CodeChallenge { get; set; }

    public List<string>? Resources { get; set; }
}

/// <summary>The client as the consent page shows it (spec <c>api_connectedapps_v1_ConnectedAppPublic</c>).</summary>
internal sealed record ConnectedAppPublicView(string ClientId, string ClientName, string ClientDescription, string ClientType, string? LogoUrl);

/// <summary>One requested scope (spec <c>api_idp_v1_ScopeResult</c>).</summary>
internal sealed record ScopeResultView(string Scope, string Description, bool IsGrantable);

/// <summary><c>POST /v1/idp/oauth/authorize/start</c> response.</summary>
internal sealed record AuthorizeStartResponse(
    string RequestId,
    string UserId,
    UserView User,
    ConnectedAppPublicView Client,
    bool ConsentRequired,
    IReadOnlyList<ScopeResultView> ScopeResults,
    int StatusCode);

/// <summary><c>POST /v1/idp/oauth/authorize</c> response; <c>authorization_code</c> only when one was issued.</summary>
internal sealed record AuthorizeResponse(string RequestId, string RedirectUri, int StatusCode, string? AuthorizationCode);
