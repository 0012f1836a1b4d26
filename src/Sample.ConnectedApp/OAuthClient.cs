using System.Security.Claims;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sample.ConnectedApp;

/// <summary>
/// The app's side of OAuth 2.0 / OIDC against a Stytch project (or the emulator), with Duende.IdentityModel: discovery,
/// the authorization URL (code + PKCE S256), the code exchange, userinfo, network introspection (RFC 7662) and token
/// revocation (RFC 7009). Stytch's discovery document names no introspection or revocation endpoint, so those are
/// Stytch's documented paths on the issuer.
/// </summary>
public sealed class OAuthClient(HttpClient http, IDiscoveryCache discovery, SampleConnectedAppSettings settings, TimeProvider time)
{
    public const string IntrospectionPath = "/v1/oauth2/introspect";
    public const string RevocationPath = "/v1/oauth2/revoke";

    /// <summary>The discovery document, or why it could not be had.</summary>
    public async Task<(DiscoveryDocumentResponse? Document, string? Error)> DiscoverAsync()
    {
        var document = await discovery.GetAsync();
        if (!document.IsError)
        {
            return (document, null);
        }

        discovery.Refresh(); // try again next time instead of serving the failure from the cache
        return (null, document.Error);
    }

    /// <summary>The authorization request: the browser goes there (the BFF's consent page, per discovery).</summary>
    public static string AuthorizeUrl(DiscoveryDocumentResponse document, ClientRegistration client, string scope, PendingAuthorization pending)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(pending);
        return new RequestUrl(document.AuthorizeEndpoint ?? throw new InvalidOperationException("The discovery document has no authorization_endpoint.")).CreateAuthorizeUrl(
            clientId: client.ClientId,
            responseType: OidcConstants.ResponseTypes.Code,
            scope: scope,
            redirectUri: client.RedirectUri.AbsoluteUri,
            state: pending.State,
            nonce: pending.Nonce,
            codeChallenge: pending.CodeChallenge,
            codeChallengeMethod: OidcConstants.CodeChallengeMethods.Sha256);
    }

    /// <summary>Exchanges the authorization code, proving PKCE with the verifier; client_secret_basic for a confidential client.</summary>
    public Task<TokenResponse> ExchangeCodeAsync(DiscoveryDocumentResponse document, ClientRegistration client, string code, string codeVerifier, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(client);
        return http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = document.TokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader,
            Code = code,
            RedirectUri = client.RedirectUri.AbsoluteUri,
            CodeVerifier = codeVerifier,
        }, ct);
    }

    public Task<UserInfoResponse> UserInfoAsync(DiscoveryDocumentResponse document, string accessToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        return http.GetUserInfoAsync(new UserInfoRequest { Address = document.UserInfoEndpoint, Token = accessToken }, ct);
    }

    /// <summary>Asks the identity provider whether the token is still active: the only check that sees a revoke at once.</summary>
    public Task<TokenIntrospectionResponse> IntrospectAsync(DiscoveryDocumentResponse document, ClientRegistration client, string accessToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(client);
        return http.IntrospectTokenAsync(new TokenIntrospectionRequest
        {
            Address = document.IntrospectionEndpoint ?? settings.Authority + IntrospectionPath,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            ClientCredentialStyle = ClientCredentialStyle.PostBody, // Stytch documents client_id/client_secret in the form body
            Token = accessToken,
            TokenTypeHint = OidcConstants.TokenTypes.AccessToken,
        }, ct);
    }

    /// <summary>Gives the token back (disconnect). Best effort: the app forgets it either way.</summary>
    public Task<TokenRevocationResponse> RevokeAsync(DiscoveryDocumentResponse document, ClientRegistration client, string accessToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(client);
        return http.RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = document.RevocationEndpoint ?? settings.Authority + RevocationPath,
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Token = accessToken,
            TokenTypeHint = OidcConstants.TokenTypes.AccessToken,
        }, ct);
    }

    /// <summary>
    /// What a resource server that only verifies the JWT locally concludes: RS256 signature by a key of the JWKS, the
    /// issuer, the lifetime, and that it was issued to this client. It cannot see a revoke: that is the point of showing it.
    /// </summary>
    public async Task<LocalVerification> VerifyLocallyAsync(DiscoveryDocumentResponse document, ClientRegistration client, string accessToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(client);
        var keys = document.KeySet?.Keys
            .Where(k => k.Kty == "RSA" && k.N is not null && k.E is not null)
            .Select(k => new Microsoft.IdentityModel.Tokens.JsonWebKey { Kty = k.Kty, Kid = k.Kid, N = k.N, E = k.E, Alg = k.Alg, Use = k.Use })
            .ToList() ?? [];
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuer = document.Issuer,
            ValidateAudience = false, // Stytch's aud is the project id, which this app does not need to know; client_id is checked below
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) => expires > time.GetUtcNow().UtcDateTime && (notBefore is null || notBefore <= time.GetUtcNow().UtcDateTime.AddSeconds(30)),
        });
        if (!result.IsValid)
        {
            return new LocalVerification(false, null, result.Exception?.GetType().Name ?? "invalid");
        }

        var clientId = result.ClaimsIdentity.FindFirst("client_id")?.Value;
        return clientId == client.ClientId
            ? new LocalVerification(true, result.SecurityToken.ValidTo == DateTime.MinValue ? null : new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero), null)
            : new LocalVerification(false, null, "issued to another client");
    }

    /// <summary>The claims the page shows, from userinfo.</summary>
    public static ConnectedUser UserFrom(IEnumerable<Claim> claims)
    {
        var list = claims.ToList();
        string? Get(string type) => list.FirstOrDefault(c => c.Type == type)?.Value;
        var name = Get(JwtClaimTypes.Name)
            ?? string.Join(' ', new[] { Get(JwtClaimTypes.GivenName), Get(JwtClaimTypes.FamilyName) }.Where(s => !string.IsNullOrEmpty(s)));
        return new ConnectedUser(Get(JwtClaimTypes.Subject) ?? "", Get(JwtClaimTypes.Email), string.IsNullOrWhiteSpace(name) ? null : name);
    }
}

/// <summary>One authorization request in flight: what the callback must match (state) and prove (PKCE verifier).</summary>
public sealed record PendingAuthorization(string State, string Nonce, string CodeVerifier, DateTimeOffset StartedAt)
{
    public string CodeChallenge => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(CodeVerifier)));

    public static PendingAuthorization Create(DateTimeOffset now) => new(
        CryptoRandom.CreateUniqueId(32, CryptoRandom.OutputFormat.Base64Url),
        CryptoRandom.CreateUniqueId(32, CryptoRandom.OutputFormat.Base64Url),
        CryptoRandom.CreateUniqueId(32, CryptoRandom.OutputFormat.Base64Url),
        now);

    /// <summary>Records print every member; these are one-time secrets.</summary>
    public override string ToString() => $"PendingAuthorization {{ StartedAt = {StartedAt:O} }}";
}

public sealed record ConnectedUser(string Subject, string? Email, string? Name);

/// <summary>The result of verifying the access token locally (signature, issuer, lifetime).</summary>
public sealed record LocalVerification(bool Valid, DateTimeOffset? ValidUntil, string? Failure);
