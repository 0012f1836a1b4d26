using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Stytch.Emulator.Tests.Infrastructure;

namespace Stytch.Emulator.Tests;

/// <summary>Session JWTs and the JWKS, checked by hand against stytch-api.md §4.</summary>
public sealed class JwtTests
{
    [Fact]
    public async Task SessionJwtVerifiesWithTheJwksKey()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);

        var jwks = await api.GetAsync($"v1/sessions/jwks/{host.Options.ProjectId}");

        Assert.True(JwtTools.VerifiesWith(login.SessionJwt, jwks.Json));
        var tampered = JwtTools.WithPayload(login.SessionJwt, "{\"sub\":\"user-test-someone-else\"}");
        Assert.False(JwtTools.VerifiesWith(tampered, jwks.Json));
    }

    [Fact]
    public async Task JwtHeaderAndClaimsFollowTheContract()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api, sessionMinutes: 45);
        var jwks = await api.GetAsync($"v1/sessions/jwks/{host.Options.ProjectId}");

        var (header, payload) = JwtTools.Decode(login.SessionJwt);

        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.Equal(jwks.Json.GetProperty("keys")[0].GetProperty("kid").GetString(), header.GetProperty("kid").GetString());
        Assert.Equal($"stytch.com/{host.Options.ProjectId}", payload.GetProperty("iss").GetString());
        Assert.Equal([host.Options.ProjectId], payload.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(login.UserId, payload.GetProperty("sub").GetString());
        var iat = payload.GetProperty("iat").GetInt64();
        Assert.Equal(iat, payload.GetProperty("nbf").GetInt64());
        Assert.Equal(iat + 300, payload.GetProperty("exp").GetInt64());

        var claim = payload.GetProperty("https://stytch.com/session");
        var session = login.Response.Json.GetProperty("session");
        Assert.Equal(login.SessionId, claim.GetProperty("id").GetString());
        Assert.False(claim.TryGetProperty("session_id", out _));
        foreach (var name in new[] { "started_at", "last_accessed_at", "expires_at" })
        {
            Assert.Equal(session.GetProperty(name).GetString(), claim.GetProperty(name).GetString());
        }

        Assert.Equal("password", claim.GetProperty("authentication_factors")[0].GetProperty("type").GetString());
        Assert.True(claim.GetProperty("attributes").TryGetProperty("ip_address", out _));
        Assert.Equal(["stytch_user"], claim.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task JwtLifetimeFollowsTheOptions()
    {
        await using var host = await TestEmulator.StartAsync(new EmulatorOptions { JwtLifetime = TimeSpan.FromSeconds(90) });
        using var api = new StytchApi(host);

        var payload = JwtTools.Decode((await Login.DemoAsync(api)).SessionJwt).Payload;

        Assert.Equal(90, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task JwksKeyHasEveryRequiredFieldAndACertificateOverTheSameKey()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host, withCredentials: false);

        var response = await api.GetAsync($"v1/sessions/jwks/{host.Options.ProjectId}");

        StytchAssert.Ok(response);
        var key = Assert.Single(response.Json.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal(["verify"], key.GetProperty("key_ops").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal("AQAB", key.GetProperty("e").GetString());
        var der = Convert.FromBase64String(key.GetProperty("x5c")[0].GetString()!);
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(der)), key.GetProperty("x5tS256").GetString());
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        using var publicKey = certificate.GetRSAPublicKey()!;
        Assert.Equal(key.GetProperty("n").GetString(), Base64Url.EncodeToString(publicKey.ExportParameters(false).Modulus!));
    }

    [Fact]
    public async Task JwksOfAnotherProjectIsNotFound()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);

        var response = await api.GetAsync("v1/sessions/jwks/project-test-00000000-0000-4000-8000-000000000000");

        StytchAssert.Error(response, 404, "project_not_found");
    }

    [Fact]
    public async Task AJwtWithAForgedPayloadIsSessionNotFound()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var login = await Login.DemoAsync(api);
        var forged = JwtTools.WithPayload(login.SessionJwt, $$"""{"https://stytch.com/session":{"id":"{{login.SessionId}}"},"sub":"{{login.UserId}}"}""");

        var response = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_jwt"] = forged });

        StytchAssert.Error(response, 404, "session_not_found");
    }

    [Fact]
    public async Task AfterARotationOldAndNewKeysAreServedAndBothJwtsWork()
    {
        await using var host = await TestEmulator.StartAsync();
        using var api = new StytchApi(host);
        var before = await Login.DemoAsync(api);

        var newKid = host.RotateSigningKey();
        var after = await Login.DemoAsync(api);
        var jwks = await api.GetAsync($"v1/sessions/jwks/{host.Options.ProjectId}");

        Assert.Equal(newKid, JwtTools.Decode(after.SessionJwt).Header.GetProperty("kid").GetString());
        Assert.Equal(2, jwks.Json.GetProperty("keys").GetArrayLength());
        Assert.True(JwtTools.VerifiesWith(before.SessionJwt, jwks.Json));
        Assert.True(JwtTools.VerifiesWith(after.SessionJwt, jwks.Json));
        StytchAssert.Ok(await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_jwt"] = before.SessionJwt }));

        host.RotateSigningKey();
        var retired = await api.PostAsync("v1/sessions/authenticate", new JsonObject { ["session_jwt"] = before.SessionJwt });
        StytchAssert.Error(retired, 404, "session_not_found");
    }
}
