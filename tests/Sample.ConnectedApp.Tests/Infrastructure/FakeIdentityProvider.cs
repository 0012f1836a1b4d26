using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sample.ConnectedApp.Tests.Infrastructure;

/// <summary>
/// A strict stand-in for Stytch's public OAuth endpoints, on loopback: discovery (authorization_endpoint on another
/// origin, as Stytch's points at the project's own app), JWKS, token (authorization_code with PKCE S256 and
/// client_secret_basic), userinfo, introspection and revocation, in Stytch's documented paths. It records every request;
/// anything it does not expect answers 500 and is listed in <see cref="Unexpected"/>, which tests assert empty.
/// Codes are issued by <see cref="IssueCode"/>, as the consent page (the BFF and Stytch) would.
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "connected-app-test-11111111-2222-4333-8444-555555555555";
    public const string ClientSecret = "secret-test-connected-app-not-a-real-secret";
    public const string ProjectId = "project-test-11111111-1111-4111-8111-111111111111";
    public const string AuthorizationEndpoint = "http://localhost:5999/oauth/authorize";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "jwk-test-fake-idp" };
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new();
    private readonly ConcurrentDictionary<string, bool> _revokedTokens = new();
    private readonly ConcurrentQueue<Recorded> _requests = new();
    private readonly ConcurrentQueue<string> _unexpected = new();

    private FakeIdentityProvider(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The issuer: the base URL without its trailing slash, as Stytch's discovery states it.</summary>
    public string Issuer => BaseUrl.AbsoluteUri.TrimEnd('/');

    /// <summary>The userinfo claims of the user the codes are issued for.</summary>
    public Dictionary<string, string> User { get; } = new()
    {
        ["sub"] = "user-test-ada",
        ["email"] = "ada@example.com",
        ["name"] = "Ada Lovelace",
    };

    /// <summary>When true, every endpoint answers 503 (the identity provider is down).</summary>
    public bool Down { get; set; }

    public IReadOnlyList<Recorded> Requests => [.. _requests];

    public IReadOnlyList<string> Unexpected => [.. _unexpected];

    public static async Task<FakeIdentityProvider> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var idp = new FakeIdentityProvider(app);
        app.Run(idp.HandleAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        idp.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return idp;
    }

    /// <summary>What the consent page would hand back: a one-time code bound to the PKCE challenge and redirect URI.</summary>
    public string IssueCode(string codeChallenge, string redirectUri, string scope = "openid email profile")
    {
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new IssuedCode(codeChallenge, redirectUri, scope);
        return code;
    }

    /// <summary>What a user's revoke does to the tokens: inactive at introspection, refused by userinfo.</summary>
    public void RevokeAll()
    {
        foreach (var token in _requests.Where(r => r.IssuedToken is not null).Select(r => r.IssuedToken!))
        {
            _revokedTokens[token] = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var form = request.HasFormContentType ? (await request.ReadFormAsync(context.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString()) : [];
        var recorded = new Recorded(request.Method, request.Path.Value ?? "", form, request.Headers.Authorization.ToString());
        if (Down)
        {
            _requests.Enqueue(recorded);
            context.Response.StatusCode = 503;
            return;
        }

        switch (request.Method, request.Path.Value)
        {
            case ("GET", "/.well-known/openid-configuration"):
                _requests.Enqueue(recorded);
                await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
                {
                    ["issuer"] = Issuer,
                    ["authorization_endpoint"] = AuthorizationEndpoint,
                    ["token_endpoint"] = Issuer + "/v1/oauth2/token",
                    ["userinfo_endpoint"] = Issuer + "/v1/oauth2/userinfo",
                    ["jwks_uri"] = Issuer + "/.well-known/jwks.json",
                    ["response_types_supported"] = new[] { "code" },
                    ["grant_types_supported"] = new[] { "authorization_code" },
                    ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
                    ["request_id"] = "request-id-test-discovery",
                    ["status_code"] = 200,
                });
                return;
            case ("GET", "/.well-known/jwks.json"):
                _requests.Enqueue(recorded);
                var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
                await context.Response.WriteAsJsonAsync(new { keys = new[] { new { kty = "RSA", kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
                return;
            case ("POST", "/v1/oauth2/token"):
                await TokenAsync(context, recorded, form);
                return;
            case ("GET", "/v1/oauth2/userinfo"):
                _requests.Enqueue(recorded);
                if (!IsActive(BearerOf(recorded.Authorization)))
                {
                    await OAuthError(context, 401, "invalid_token", "The access token is not active.");
                    return;
                }

                await context.Response.WriteAsJsonAsync(User);
                return;
            case ("POST", "/v1/oauth2/introspect"):
                _requests.Enqueue(recorded);
                if (form.GetValueOrDefault("client_id") != ClientId || form.GetValueOrDefault("client_secret") != ClientSecret)
                {
                    await OAuthError(context, 401, "invalid_client", "Client authentication failed.");
                    return;
                }

                await context.Response.WriteAsJsonAsync(IsActive(form.GetValueOrDefault("token"))
                    ? new Dictionary<string, object> { ["active"] = true, ["sub"] = User["sub"], ["client_id"] = ClientId, ["scope"] = "openid email profile" }
                    : new Dictionary<string, object> { ["active"] = false });
                return;
            case ("POST", "/v1/oauth2/revoke"):
                _requests.Enqueue(recorded);
                if (form.GetValueOrDefault("token") is { } token)
                {
                    _revokedTokens[token] = true;
                }

                await context.Response.WriteAsJsonAsync(new { request_id = "request-id-test-revoke", status_code = 200 });
                return;
            default:
                _unexpected.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
                context.Response.StatusCode = 500;
                return;
        }
    }

    private async Task TokenAsync(HttpContext context, Recorded recorded, Dictionary<string, string> form)
    {
        if (!IsClientBasic(recorded.Authorization))
        {
            _requests.Enqueue(recorded);
            await OAuthError(context, 401, "invalid_client", "Client authentication failed.");
            return;
        }

        if (form.GetValueOrDefault("grant_type") != "authorization_code"
            || form.GetValueOrDefault("code") is not { } code || !_codes.TryRemove(code, out var issued)
            || form.GetValueOrDefault("redirect_uri") != issued.RedirectUri
            || form.GetValueOrDefault("code_verifier") is not { } verifier
            || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != issued.CodeChallenge)
        {
            _requests.Enqueue(recorded);
            await OAuthError(context, 400, "invalid_grant", "The code, redirect URI or code verifier is wrong.");
            return;
        }

        var now = DateTime.UtcNow;
        var accessToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ProjectId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            TokenType = "JWT",
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object> { ["sub"] = User["sub"], ["client_id"] = ClientId, ["scope"] = issued.Scope, ["jti"] = Guid.NewGuid().ToString() },
        });
        _requests.Enqueue(recorded with { IssuedToken = accessToken });
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "bearer",
            ["expires_in"] = 3600,
            ["scope"] = issued.Scope,
            ["request_id"] = "request-id-test-token",
            ["status_code"] = 200,
        });
    }

    private bool IsActive(string? token) =>
        token is not null && !_revokedTokens.ContainsKey(token) && _requests.Any(r => r.IssuedToken == token);

    private static string? BearerOf(string authorization) =>
        AuthenticationHeaderValue.TryParse(authorization, out var header) && header.Scheme == "Bearer" ? header.Parameter : null;

    /// <summary>RFC 6749 §2.3.1: Basic with the form-urlencoded client id and secret.</summary>
    private static bool IsClientBasic(string authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header) || header.Scheme != "Basic" || header.Parameter is null)
        {
            return false;
        }

        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter)).Split(':', 2);
        return pair.Length == 2 && Uri.UnescapeDataString(pair[0]) == ClientId && Uri.UnescapeDataString(pair[1]) == ClientSecret;
    }

    private static Task OAuthError(HttpContext context, int status, string error, string description)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error, error_description = description, status_code = status });
    }

    private sealed record IssuedCode(string CodeChallenge, string RedirectUri, string Scope);

    public sealed record Recorded(string Method, string Path, Dictionary<string, string> Form, string Authorization)
    {
        public string? IssuedToken { get; init; }
    }
}
