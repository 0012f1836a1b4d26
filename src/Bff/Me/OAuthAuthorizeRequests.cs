using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Bff.Stytch;

namespace Bff.Me;

/// <summary>
/// The consent page's preflight: the parameters of the third-party app's authorization request, as the page read them
/// from its URL. Fields the BFF does not know (a <c>user_id</c>, <c>session_token</c>, <c>session_jwt</c>, a misspelt
/// field) are refused, never ignored: the user is only ever the session's.
/// </summary>
/// <remarks>
/// Validated by AddValidation (400 <c>invalid_request</c> naming the field); <c>Display</c> sits on the constructor
/// parameter, where the validation generator reads it, so messages use the JSON names.
/// </remarks>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AuthorizeStartRequest(
    [Display(Name = "client_id")][property: Required, RegularExpression(OAuthRequestRules.ClientIdPattern, ErrorMessage = OAuthRequestRules.ClientIdMessage)] string? ClientId,
    [Display(Name = "redirect_uri")][property: Required, MaxLength(OAuthRequestRules.MaxUrlLength), AbsoluteHttpUrl] string? RedirectUri,
    [Display(Name = "response_type")][property: MaxLength(OAuthRequestRules.MaxResponseTypeLength), RegularExpression(OAuthRequestRules.ResponseTypePattern, ErrorMessage = OAuthRequestRules.ResponseTypeMessage)] string? ResponseType,
    [Display(Name = "scope")][property: MaxLength(OAuthRequestRules.MaxScopeLength), RegularExpression(OAuthRequestRules.ScopePattern, ErrorMessage = OAuthRequestRules.ScopeMessage)] string? Scope,
    [Display(Name = "prompt")][property: MaxLength(OAuthRequestRules.MaxPromptLength), RegularExpression(OAuthRequestRules.ScopePattern, ErrorMessage = OAuthRequestRules.PromptMessage)] string? Prompt)
    : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => OAuthRequestRules.ValidateScopes(Scope);

    /// <summary>Stytch's preflight body, for the session's user.</summary>
    public IdpAuthorizeStartRequest ToStytch(string sessionToken) => new(
        ClientId!, RedirectUri!, OAuthRequestRules.ResponseTypeOrDefault(ResponseType), OAuthRequestRules.Scopes(Scope), sessionToken, OAuthRequestRules.NullIfEmpty(Prompt));
}

/// <summary>
/// The consent page's submit: the same parameters as <see cref="AuthorizeStartRequest"/>, the ones only Stytch's
/// authorize takes (<c>state</c>, <c>nonce</c>, PKCE, <c>resource</c>), and the user's answer.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AuthorizeRequest(
    [Display(Name = "client_id")][property: Required, RegularExpression(OAuthRequestRules.ClientIdPattern, ErrorMessage = OAuthRequestRules.ClientIdMessage)] string? ClientId,
    [Display(Name = "redirect_uri")][property: Required, MaxLength(OAuthRequestRules.MaxUrlLength), AbsoluteHttpUrl] string? RedirectUri,
    [Display(Name = "response_type")][property: MaxLength(OAuthRequestRules.MaxResponseTypeLength), RegularExpression(OAuthRequestRules.ResponseTypePattern, ErrorMessage = OAuthRequestRules.ResponseTypeMessage)] string? ResponseType,
    [Display(Name = "scope")][property: MaxLength(OAuthRequestRules.MaxScopeLength), RegularExpression(OAuthRequestRules.ScopePattern, ErrorMessage = OAuthRequestRules.ScopeMessage)] string? Scope,
    [Display(Name = "prompt")][property: MaxLength(OAuthRequestRules.MaxPromptLength), RegularExpression(OAuthRequestRules.ScopePattern, ErrorMessage = OAuthRequestRules.PromptMessage)] string? Prompt,
    [Display(Name = "state")][property: MaxLength(OAuthRequestRules.MaxStateLength), RegularExpression(OAuthRequestRules.VisibleAsciiPattern, ErrorMessage = OAuthRequestRules.StateMessage)] string? State,
    [Display(Name = "nonce")][property: MaxLength(OAuthRequestRules.MaxNonceLength), RegularExpression(OAuthRequestRules.VisibleAsciiPattern, ErrorMessage = OAuthRequestRules.NonceMessage)] string? Nonce,
    [Display(Name = "code_challenge")][property: RegularExpression(OAuthRequestRules.CodeChallengePattern, ErrorMessage = OAuthRequestRules.CodeChallengeMessage)] string? CodeChallenge,
    [Display(Name = "code_challenge_method")][property: RegularExpression(OAuthRequestRules.CodeChallengeMethodPattern, ErrorMessage = OAuthRequestRules.CodeChallengeMethodMessage)] string? CodeChallengeMethod,
    [Display(Name = "resource")][property: MaxLength(OAuthRequestRules.MaxResources)] IReadOnlyList<string>? Resource,
    [Display(Name = "consent_granted")][property: Required(ErrorMessage = OAuthRequestRules.ConsentGrantedMessage)] bool? ConsentGranted)
    : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in OAuthRequestRules.ValidateScopes(Scope))
        {
            yield return result;
        }

        if (!string.IsNullOrEmpty(CodeChallengeMethod) && string.IsNullOrEmpty(CodeChallenge))
        {
            yield return new ValidationResult("code_challenge_method is only meaningful with a code_challenge.", [nameof(CodeChallengeMethod)]);
        }

        foreach (var result in OAuthRequestRules.ValidateResources(Resource))
        {
            yield return result;
        }
    }

    /// <summary>Stytch's authorize body, for the session's user.</summary>
    public IdpAuthorizeRequest ToStytch(string sessionToken) => new(
        ClientId!,
        RedirectUri!,
        OAuthRequestRules.ResponseTypeOrDefault(ResponseType),
        OAuthRequestRules.Scopes(Scope),
        ConsentGranted!.Value,
        sessionToken,
        OAuthRequestRules.NullIfEmpty(Prompt),
        OAuthRequestRules.NullIfEmpty(State),
        OAuthRequestRules.NullIfEmpty(Nonce),
        OAuthRequestRules.NullIfEmpty(CodeChallenge),
        Resource is { Count: > 0 } ? Resource : null);

    /// <summary>Records print every member; this one holds the client's state, nonce and PKCE challenge.</summary>
    public override string ToString() => $"AuthorizeRequest {{ ClientId = {ClientId}, ConsentGranted = {ConsentGranted}, State = ***, Nonce = ***, CodeChallenge = *** }}";
}

/// <summary>
/// A URL the browser may be sent to: absolute, <c>http</c> or <c>https</c>, with a host and no user info, no fragment,
/// only RFC 3986 characters (so no spaces, control characters, backslashes or raw non-ASCII).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class AbsoluteHttpUrlAttribute : ValidationAttribute
{
    public AbsoluteHttpUrlAttribute()
        : base("{0} must be an absolute http or https URL with a host and no fragment, user info, spaces or characters that need percent-encoding.")
    {
    }

    public override bool IsValid(object? value) => value is null || (value is string s && OAuthRequestRules.IsAbsoluteHttpUrl(s));
}

/// <summary>
/// What the BFF checks in an authorization request before Stytch sees it: shapes and sizes only. Whether the client
/// exists, the redirect URI is registered, the scopes and prompt are allowed is Stytch's to say (its answer is shown on
/// the consent page); connected-apps-idp.md §9.
/// </summary>
public static class OAuthRequestRules
{
    public const int MaxUrlLength = 2048;
    public const int MaxResponseTypeLength = 64;
    public const int MaxScopeLength = 2048;
    public const int MaxScopes = 50;
    public const int MaxPromptLength = 128;
    public const int MaxStateLength = 2048;
    public const int MaxNonceLength = 512;
    public const int MaxResources = 10;

    /// <summary>The largest body the two endpoints read; every field at its maximum fits well below it.</summary>
    public const long MaxBodyBytes = 32 * 1024;

    /// <summary>A Stytch client id, the same rule as a Connected App id in the revoke path (<see cref="ConnectedAppId"/>).</summary>
    public const string ClientIdPattern = "^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$";

    /// <summary>RFC 6749 §3.1.1: response names separated by single spaces.</summary>
    public const string ResponseTypePattern = "^[A-Za-z0-9_]+( [A-Za-z0-9_]+)*$";

    /// <summary>RFC 6749 §3.3 scope tokens (printable ASCII but '"' and '\') separated by spaces; also used for <c>prompt</c>.</summary>
    public const string ScopePattern = "^[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*$";

    /// <summary>RFC 6749 VSCHAR (printable ASCII and space): <c>state</c>, <c>nonce</c>.</summary>
    public const string VisibleAsciiPattern = "^[\\x20-\\x7E]*$";

    /// <summary>RFC 7636 §4.2: the S256 challenge is 43 base64url characters; 43–128 unreserved characters are allowed.</summary>
    public const string CodeChallengePattern = "^[A-Za-z0-9._~-]{43,128}$";

    public const string CodeChallengeMethodPattern = "^S256$";

    public const string ClientIdMessage = "client_id must be 1 to 128 letters, digits, '-' or '_'.";
    public const string ResponseTypeMessage = "response_type must be one or more response names (letters, digits, '_') separated by single spaces, such as 'code'.";
    public const string ScopeMessage = "scope must be space-separated scope tokens of printable ASCII without '\"' or '\\'.";
    public const string PromptMessage = "prompt must be space-separated values of printable ASCII without '\"' or '\\', such as 'consent'.";
    public const string StateMessage = "state must be printable ASCII (no control characters).";
    public const string NonceMessage = "nonce must be printable ASCII (no control characters).";
    public const string CodeChallengeMessage = "code_challenge must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' or '~' (RFC 7636).";
    public const string CodeChallengeMethodMessage = "code_challenge_method must be S256: Stytch supports no other PKCE method.";
    public const string ConsentGrantedMessage = "consent_granted is required: true when the user allowed the request, false otherwise.";

    /// <summary>What an absent <c>response_type</c> means: <c>code</c>, the only flow Stytch offers (as the React SDK does).</summary>
    public const string DefaultResponseType = "code";

    /// <summary>What an absent or empty <c>scope</c> means: the React SDK's default.</summary>
    public static readonly IReadOnlyList<string> DefaultScopes = ["openid", "email", "profile"];

    public static string ResponseTypeOrDefault(string? responseType) => string.IsNullOrEmpty(responseType) ? DefaultResponseType : responseType;

    /// <summary>The space-separated <c>scope</c> as Stytch's <c>scopes</c> array: in order, each once; the default when there is none.</summary>
    public static IReadOnlyList<string> Scopes(string? scope)
    {
        var scopes = (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        return scopes.Count == 0 ? DefaultScopes : scopes;
    }

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static IEnumerable<ValidationResult> ValidateScopes(string? scope)
    {
        if (scope is not null && scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > MaxScopes)
        {
            yield return new ValidationResult($"scope may name at most {MaxScopes} scopes.", [nameof(AuthorizeRequest.Scope)]);
        }
    }

    /// <summary>RFC 8707 §2: each resource is an absolute URI without a fragment.</summary>
    public static IEnumerable<ValidationResult> ValidateResources(IReadOnlyList<string>? resources)
    {
        if (resources is null)
        {
            yield break;
        }

        for (var i = 0; i < resources.Count; i++)
        {
            if (resources[i] is not { Length: > 0 and <= MaxUrlLength } resource || !IsAbsoluteUri(resource))
            {
                yield return new ValidationResult(
                    $"resource[{i}] must be an absolute URI of at most {MaxUrlLength} characters, without a fragment, spaces or characters that need percent-encoding (RFC 8707).",
                    [nameof(AuthorizeRequest.Resource)]);
            }
        }
    }

    public static bool IsAbsoluteHttpUrl(string value) =>
        IsAbsoluteUri(value)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0
        && uri.UserInfo.Length == 0
        && value.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase);

    /// <summary>RFC 3986's characters only (percent-encoding for anything else), and no fragment.</summary>
    private static bool IsAbsoluteUri(string value) =>
        value.Length > 0
        && value.All(c => char.IsAsciiLetterOrDigit(c) || "-._~:/?[]@!$&'()*+,;=%".Contains(c, StringComparison.Ordinal))
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && value.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase); // not a path that .NET reads as file://
}
