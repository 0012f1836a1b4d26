using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bff.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bff.Tests.Proxy;

/// <summary>
/// Stytch's JWKS endpoint (<c>GET /v1/sessions/jwks/{project_id}</c>, shape of stytch-api.md §2.7) on a real loopback
/// port, and a minter of RS256 session JWTs with the claims of §4 signed by its key. Anything else is a 404.
/// </summary>
public sealed class FakeStytchJwks : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;
    private int _jwksRequests;

    private FakeStytchJwks(WebApplication app)
    {
        _app = app;
        _key = new RsaSecurityKey(_rsa) { KeyId = $"jwk-test-{Guid.NewGuid()}" };
    }

    public Uri BaseUrl { get; private set; } = null!;

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public static async Task<FakeStytchJwks> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var jwks = new FakeStytchJwks(app);
        app.Run(jwks.HandleAsync);
        await app.StartAsync(ct);
        jwks.BaseUrl = new Uri(app.Urls.Single());
        return jwks;
    }

    /// <summary>A session JWT as Stytch mints it; <paramref name="key"/> signs it instead of the published key when given.</summary>
    public string Mint(TestUser user, DateTimeOffset? issuedAt = null, string? issuer = null, string? audience = null, SecurityKey? key = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var iat = issuedAt ?? DateTimeOffset.UtcNow;
        var session = new JsonObject { ["id"] = user.SessionId, ["started_at"] = iat.ToString("O"), ["expires_at"] = iat.AddHours(12).ToString("O") };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? $"stytch.com/{FakeStytch.ProjectId}",
            Audience = audience ?? FakeStytch.ProjectId,
            Subject = new ClaimsIdentity([new Claim("sub", user.UserId)]),
            IssuedAt = iat.UtcDateTime,
            NotBefore = iat.UtcDateTime,
            Expires = iat.AddMinutes(5).UtcDateTime,
            Claims = new Dictionary<string, object> { ["https://stytch.com/session"] = System.Text.Json.JsonDocument.Parse(session.ToJsonString()).RootElement },
            SigningCredentials = new SigningCredentials(key ?? _key, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _rsa.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != $"/v1/sessions/jwks/{FakeStytch.ProjectId}")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Interlocked.Increment(ref _jwksRequests);
        var p = _rsa.ExportParameters(includePrivateParameters: false);
        var body = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["key_ops"] = new JsonArray("verify"),
                ["alg"] = "RS256",
                ["kid"] = _key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            }),
            ["request_id"] = StytchShapes.NewRequestId(),
            ["status_code"] = 200,
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
