using Bff.Sessions;
using Bff.Stytch;

namespace Bff.Me;

/// <summary>The user and session, as the SPA sees them. Never a token.</summary>
public sealed record MeResponse(
    string UserId,
    string SessionId,
    IReadOnlyList<string> Emails,
    MeName? Name,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? StartedAt,
    IReadOnlyList<MeFactor> AuthenticationFactors)
{
    public static MeResponse From(BffSession session)
    {
        var principal = session.Principal;
        var first = principal.FindFirst("given_name")?.Value;
        var last = principal.FindFirst("family_name")?.Value;
        var factors = principal.FindAll(SessionTicket.FactorClaim)
            .Select(c => c.Value.Split('|'))
            .Select(p => new MeFactor(p[0], p.Length > 1 && p[1].Length > 0 ? p[1] : null,
                p.Length > 2 && DateTimeOffset.TryParse(p[2], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null))
            .ToList();
        return new MeResponse(
            session.UserId.Value,
            session.SessionId,
            principal.FindAll("email").Select(c => c.Value).ToList(),
            first is null && last is null ? null : new MeName(first, last),
            session.ExpiresAt,
            session.StartedAt,
            factors);
    }
}

public sealed record MeName(string? FirstName, string? LastName);

public sealed record MeFactor(string Type, string? DeliveryMethod, DateTimeOffset? LastAuthenticatedAt);

/// <summary>Stytch's common answer (<c>{status_code, request_id}</c>), as the React SDK returns it.</summary>
public sealed record StytchAck(int StatusCode, string? RequestId);

/// <summary>
/// The preflight's answer for the consent page: what Stytch said about the client and the scopes. Stytch's
/// <c>user</c> and <c>user_id</c> are left out (the page has <c>/me</c>).
/// </summary>
public sealed record AuthorizeStartResponse(
    int StatusCode,
    string RequestId,
    ConnectedAppPublic Client,
    bool ConsentRequired,
    IReadOnlyList<IdpScopeResult> ScopeResults);

/// <summary>
/// The submit's answer: <c>redirect_uri</c> is Stytch's URL, whole (with the authorization code, or the OAuth error,
/// and the client's state in it). The page navigates there; it never builds the callback URL itself.
/// </summary>
public sealed record AuthorizeResponse(int StatusCode, string RequestId, string RedirectUri)
{
    /// <summary>Records print every member; this one holds an authorization code.</summary>
    public override string ToString() => $"AuthorizeResponse {{ RequestId = {RequestId}, RedirectUri = *** }}";
}
