using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>The default seed's Connected App clients, and the authorize half of the flow (what a BFF does).</summary>
internal static class IdpFlow
{
    public const string CliRedirect = "http://127.0.0.1:3030/callback";
    public const string DashboardRedirect = "http://localhost:3002/oauth/callback";
    public const string DashboardSecret = "secret-test-analytics-dashboard-not-a-real-secret";
    public const string MobileRedirect = "com.example.companion:/oauth/callback";

    /// <summary>The seeded third-party confidential client the demo user has not authorised.</summary>
    public const string PartnerApp = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000004";
    public const string PartnerRedirect = "http://localhost:3001/callback";
    public const string PartnerSecret = "secret-test-partner-notes-not-a-real-secret";

    /// <summary>A fresh PKCE pair: a 43-character verifier and its S256 challenge.</summary>
    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>An authorize/start body for the session's user.</summary>
    public static JsonObject StartBody(string clientId, string redirectUri, string scopes, string sessionToken, string? prompt = null)
    {
        var body = new JsonObject
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scopes"] = new JsonArray([.. scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => (JsonNode)s)]),
            ["session_token"] = sessionToken,
        };
        if (prompt is not null)
        {
            body["prompt"] = prompt;
        }

        return body;
    }

    /// <summary>An authorize body: start's plus the decision, state, nonce and PKCE challenge.</summary>
    public static JsonObject AuthorizeBody(
        string clientId, string redirectUri, string scopes, string sessionToken, bool consentGranted,
        string? challenge = null, string? state = null, string? nonce = null, string? prompt = null)
    {
        var body = StartBody(clientId, redirectUri, scopes, sessionToken, prompt);
        body["consent_granted"] = consentGranted;
        if (challenge is not null)
        {
            body["code_challenge"] = challenge;
        }

        if (state is not null)
        {
            body["state"] = state;
        }

        if (nonce is not null)
        {
            body["nonce"] = nonce;
        }

        return body;
    }

    public static Task<ApiResponse> StartAsync(StytchApi api, JsonObject body) => api.PostAsync("v1/idp/oauth/authorize/start", body);

    public static Task<ApiResponse> AuthorizeAsync(StytchApi api, JsonObject body) => api.PostAsync("v1/idp/oauth/authorize", body);

    /// <summary>Authorizes (granting consent) and returns the code; fails the test unless a code was issued.</summary>
    public static async Task<string> CodeAsync(
        StytchApi api, Login login, string clientId, string redirectUri, string scopes, string? challenge = null, string? nonce = null)
    {
        var response = await AuthorizeAsync(api, AuthorizeBody(clientId, redirectUri, scopes, login.SessionToken, consentGranted: true, challenge, "state-1", nonce));
        StytchAssert.Ok(response);
        Assert.True(response.Json.TryGetProperty("authorization_code", out var code), response.Body);
        return code.GetString()!;
    }

    /// <summary>The partner app's whole flow for the demo user: consent, code, tokens (a 200 token response).</summary>
    public static async Task<ApiResponse> ConnectPartnerAsync(StytchApi api, OAuthClient oauth, Login login, string scopes = "openid email profile offline_access", string? nonce = null)
    {
        var code = await CodeAsync(api, login, PartnerApp, PartnerRedirect, scopes, nonce: nonce);
        var tokens = await oauth.ExchangeCodeAsync(code, PartnerApp, PartnerSecret, PartnerRedirect);
        Assert.True(tokens.Status == 200, tokens.Body);
        return tokens;
    }

    /// <summary>The query parameters of a redirect URI.</summary>
    public static Dictionary<string, string> QueryOf(string redirectUri)
    {
        var query = new Uri(redirectUri).Query.TrimStart('?');
        return query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""), StringComparer.Ordinal);
    }
}
