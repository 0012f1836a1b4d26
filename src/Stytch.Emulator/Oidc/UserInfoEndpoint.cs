using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Infrastructure;

namespace Stytch.Emulator.Oidc;

/// <summary><c>GET /v1/oauth2/userinfo</c> with <c>Authorization: Bearer &lt;access token&gt;</c>.</summary>
internal static class UserInfoEndpoint
{
    /// <summary>
    /// <c>sub</c> plus the claims the token's scopes release. A missing token, or one that is not active (expired,
    /// revoked by the client or by the user's revoke), is 401 with a <c>WWW-Authenticate: Bearer</c> challenge.
    /// </summary>
    public static Results<JsonHttpResult<UserInfoResponse>, OAuthErrorResult> UserInfo(HttpContext http, [AsParameters] OidcServices services)
    {
        if (!AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(header.Parameter))
        {
            return OAuthErrors.MissingBearerToken();
        }

        var (access, _) = IntrospectionEndpoints.Find(header.Parameter, services);
        if (access is null || !services.Tokens.IsActive(access) || services.Users.Find(access.Family.UserId) is not { } user)
        {
            return OAuthErrors.InvalidToken();
        }

        var claims = UserClaims.For(user, access.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(
            new UserInfoResponse(user.UserId, claims.Name, claims.GivenName, claims.FamilyName, claims.Email, claims.EmailVerified, StytchIds.RequestId(), 200),
            EmulatorJsonContext.Default.UserInfoResponse);
    }
}
