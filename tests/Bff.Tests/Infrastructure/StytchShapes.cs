using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bff.Tests.Infrastructure;

/// <summary>
/// Stytch response bodies with the exact shapes of shared/reference/stytch-api.md; where that contract is unconfirmed
/// (the Connected Apps IdP), with the shapes of openapi.yml (StytchContractTests checks them against it).
/// </summary>
public static class StytchShapes
{
    public static string NewRequestId() => $"request-id-test-{Guid.NewGuid()}";

    public static string Ack(string? requestId = null) =>
        new JsonObject { ["request_id"] = requestId ?? NewRequestId(), ["status_code"] = 200 }.ToJsonString();

    public static string Error(int status, string errorType, string message, string? requestId = null) => new JsonObject
    {
        ["status_code"] = status,
        ["request_id"] = requestId ?? NewRequestId(),
        ["error_type"] = errorType,
        ["error_message"] = message,
        ["error_url"] = $"https://stytch.com/docs/api-reference/consumer/api/errors/{status}#{errorType}",
    }.ToJsonString();

    public static JsonObject User(TestUser user) => new()
    {
        ["user_id"] = user.UserId,
        ["emails"] = new JsonArray(new JsonObject { ["email_id"] = user.EmailId, ["email"] = user.Email, ["verified"] = true }),
        ["status"] = "active",
        ["name"] = new JsonObject { ["first_name"] = user.FirstName, ["middle_name"] = "", ["last_name"] = user.LastName },
        ["phone_numbers"] = new JsonArray(),
        ["webauthn_registrations"] = new JsonArray(),
        ["providers"] = new JsonArray(),
        ["totps"] = new JsonArray(),
        ["crypto_wallets"] = new JsonArray(),
        ["biometric_registrations"] = new JsonArray(),
        ["is_locked"] = false,
        ["roles"] = new JsonArray("stytch_user"),
        ["created_at"] = "2024-01-01T00:00:00Z",
    };

    public static JsonObject Session(TestUser user, string sessionId, DateTimeOffset now, string factorType = "password") => new()
    {
        ["session_id"] = sessionId,
        ["user_id"] = user.UserId,
        ["started_at"] = Iso(now),
        ["last_accessed_at"] = Iso(now),
        ["expires_at"] = Iso(now.AddHours(12)),
        ["attributes"] = new JsonObject { ["ip_address"] = "", ["user_agent"] = "" },
        ["authentication_factors"] = new JsonArray(new JsonObject
        {
            ["type"] = factorType,
            ["delivery_method"] = factorType == "password" ? "knowledge" : "email",
            ["last_authenticated_at"] = Iso(now),
            ["created_at"] = Iso(now),
            ["updated_at"] = Iso(now),
            ["email_factor"] = new JsonObject { ["email_id"] = user.EmailId, ["email_address"] = user.Email },
        }),
        ["roles"] = new JsonArray("stytch_user"),
        ["custom_claims"] = new JsonObject(),
    };

    /// <summary>A JWT with the claims of stytch-api.md §4. The signature is junk: the BFF never validates it, it forwards it.</summary>
    public static string Jwt(TestUser user, string sessionId, DateTimeOffset issuedAt, TimeSpan? lifetime = null)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = "jwk-test-fake", ["typ"] = "JWT" };
        var exp = issuedAt + (lifetime ?? TimeSpan.FromMinutes(5));
        var payload = new JsonObject
        {
            ["iss"] = $"stytch.com/{FakeStytch.ProjectId}",
            ["aud"] = new JsonArray(FakeStytch.ProjectId),
            ["sub"] = user.UserId,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["nbf"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = exp.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["https://stytch.com/session"] = new JsonObject { ["id"] = sessionId, ["started_at"] = Iso(issuedAt), ["expires_at"] = Iso(issuedAt.AddHours(12)) },
        };
        return $"{B64(header.ToJsonString())}.{B64(payload.ToJsonString())}.{B64(Guid.NewGuid().ToString())}";
    }

    /// <summary>passwords/authenticate, magic_links/authenticate (session named "session").</summary>
    public static string Login(TestUser user, DateTimeOffset now, string factorType = "password") => new JsonObject
    {
        ["request_id"] = NewRequestId(),
        ["status_code"] = 200,
        ["user_id"] = user.UserId,
        ["method_id"] = user.EmailId,
        ["session_token"] = user.SessionToken,
        ["session_jwt"] = Jwt(user, user.SessionId, now),
        ["session"] = Session(user, user.SessionId, now, factorType),
        ["user"] = User(user),
        ["reset_sessions"] = false,
    }.ToJsonString();

    /// <summary>oauth/authenticate: the session object is named "user_session".</summary>
    public static string OAuthLogin(TestUser user, DateTimeOffset now) => new JsonObject
    {
        ["request_id"] = NewRequestId(),
        ["status_code"] = 200,
        ["user_id"] = user.UserId,
        ["provider_subject"] = "1234567890",
        ["provider_type"] = "Google",
        ["session_token"] = user.SessionToken,
        ["session_jwt"] = Jwt(user, user.SessionId, now),
        ["user_session"] = Session(user, user.SessionId, now, "oauth"),
        ["user"] = User(user),
        ["reset_sessions"] = false,
        ["oauth_user_registration_id"] = "oauth-user-test-1",
        ["provider_values"] = new JsonObject { ["access_token"] = "", ["refresh_token"] = "", ["id_token"] = "", ["scopes"] = new JsonArray() },
    }.ToJsonString();

    public static string SessionAuthenticate(TestUser user, DateTimeOffset now) => new JsonObject
    {
        ["request_id"] = NewRequestId(),
        ["status_code"] = 200,
        ["session_token"] = user.SessionToken,
        ["session_jwt"] = Jwt(user, user.SessionId, now),
        ["session"] = Session(user, user.SessionId, now),
        ["user"] = User(user),
    }.ToJsonString();

    public static string MagicLinkSent(TestUser user) => new JsonObject
    {
        ["request_id"] = NewRequestId(),
        ["status_code"] = 200,
        ["user_id"] = user.UserId,
        ["email_id"] = user.EmailId,
        ["user_created"] = false,
    }.ToJsonString();

    public static string ConnectedApps(params (string Id, string Name)[] apps) => new JsonObject
    {
        ["request_id"] = NewRequestId(),
        ["status_code"] = 200,
        ["connected_apps"] = new JsonArray(apps.Select(a => (JsonNode)new JsonObject
        {
            ["connected_app_id"] = a.Id,
            ["name"] = a.Name,
            ["description"] = $"{a.Name} (test)",
            ["client_type"] = "third_party",
            ["scopes_granted"] = "openid email profile",
        }).ToArray()),
    }.ToJsonString();

    /// <summary>
    /// <c>POST /v1/idp/oauth/authorize/start</c>, shaped as openapi.yml's <c>api_idp_v1_idp_oauth_AuthorizeStartResponse</c>
    /// (the user too, which the BFF must not pass on). Each scope is grantable unless it is in <paramref name="notGrantable"/>.
    /// </summary>
    public static string AuthorizeStart(TestUser user, string clientId, bool consentRequired, IEnumerable<string> scopes, string? logoUrl = null, params string[] notGrantable)
    {
        var client = new JsonObject
        {
            ["client_id"] = clientId,
            ["client_name"] = "Example CLI",
            ["client_description"] = "A command-line tool that reads your notes.",
            ["client_type"] = "third_party_public",
        };
        if (logoUrl is not null)
        {
            client["logo_url"] = logoUrl;
        }

        return new JsonObject
        {
            ["request_id"] = NewRequestId(),
            ["status_code"] = 200,
            ["user_id"] = user.UserId,
            ["user"] = User(user),
            ["client"] = client,
            ["consent_required"] = consentRequired,
            ["scope_results"] = new JsonArray([.. scopes.Select(s => (JsonNode)new JsonObject
            {
                ["scope"] = s,
                ["description"] = $"Lets the app use '{s}'.",
                ["is_grantable"] = !notGrantable.Contains(s),
            })]),
        }.ToJsonString();
    }

    /// <summary>
    /// <c>POST /v1/idp/oauth/authorize</c>, shaped as openapi.yml's <c>api_idp_v1_idp_oauth_AuthorizeResponse</c>:
    /// the client's redirect URI with the code (and state), or, without a code, with <c>error=access_denied</c>.
    /// </summary>
    public static string Authorize(string redirectUri, string? code, string? state = null)
    {
        var query = code is not null ? $"code={Uri.EscapeDataString(code)}" : "error=access_denied";
        if (state is not null)
        {
            query += $"&state={Uri.EscapeDataString(state)}";
        }

        var body = new JsonObject
        {
            ["request_id"] = NewRequestId(),
            ["status_code"] = 200,
            ["redirect_uri"] = redirectUri + (redirectUri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query,
        };
        if (code is not null)
        {
            body["authorization_code"] = code;
        }

        return body.ToJsonString();
    }

    public static string RequestIdOf(string body) => JsonDocument.Parse(body).RootElement.GetProperty("request_id").GetString()!;

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string B64(string s) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(s));
}

/// <summary>A Stytch user and the session Stytch gives them, with known values a log scan can look for.</summary>
public sealed record TestUser(string Email, string Password, string FirstName = "Ada", string LastName = "Lovelace")
{
    public string UserId { get; init; } = $"user-test-{Guid.NewGuid()}";

    public string EmailId { get; init; } = $"email-test-{Guid.NewGuid()}";

    public string SessionId { get; init; } = $"session-test-{Guid.NewGuid()}";

    public string SessionToken { get; init; } = $"tok{Guid.NewGuid():N}{Guid.NewGuid():N}"[..44];
}
