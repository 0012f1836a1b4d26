using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bff.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;
using Sample.Api;

namespace Bff.Tests.Proxy;

/// <summary>The sample upstream verifies the session JWT exactly as the README tells API teams to.</summary>
public sealed class SampleApiTests : IAsyncLifetime
{
    private readonly TestUser _user = new("ada@example.com", "correct-horse");
    private FakeStytchJwks _stytch = null!;
    private SampleApiHost _api = null!;
    private HttpClient _http = null!;

    public static TheoryData<string> Rejected => ["none", "wrong-issuer", "wrong-audience", "expired", "unknown-key", "hs256", "unsigned", "garbage"];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _stytch = await FakeStytchJwks.StartAsync(ct);
        _api = await SampleApiHost.StartAsync(_stytch.BaseUrl, FakeStytch.ProjectId, cancellationToken: ct);
        _http = new HttpClient { BaseAddress = _api.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
        await _stytch.DisposeAsync();
    }

    [Fact]
    public async Task AValidSessionJwtIsAcceptedAndTheApiEchoesWhatItReceived()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/hello?x=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _stytch.Mint(_user));
        request.Headers.Add("X-Request-Id", "bff-request-1");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        using var response = await _http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(_user.UserId, echo.GetProperty("sub").GetString());
        Assert.Equal(_user.SessionId, echo.GetProperty("session_id").GetString());
        Assert.Equal("bff-request-1", echo.GetProperty("request_id").GetString());
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", echo.GetProperty("traceparent").GetString());
        Assert.Equal("/api/hello", echo.GetProperty("path").GetString());
        Assert.Equal("?x=1", echo.GetProperty("query").GetString());
        Assert.Equal(1, _stytch.JwksRequests);
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task AnythingButAValidStytchSessionJwtIs401(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        using var otherRsa = RSA.Create(2048);
        var token = kind switch
        {
            "none" => null,
            "wrong-issuer" => _stytch.Mint(_user, issuer: "stytch.com/project-test-someone-else"),
            "wrong-audience" => _stytch.Mint(_user, audience: "project-test-someone-else"),
            "expired" => _stytch.Mint(_user, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-10)),
            "unknown-key" => _stytch.Mint(_user, key: new RsaSecurityKey(otherRsa) { KeyId = "jwk-test-unknown" }),
            "hs256" => _stytch.Mint(_user, key: new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), algorithm: SecurityAlgorithms.HmacSha256),
            "unsigned" => Unsigned(_stytch.Mint(_user)),
            _ => "not-a-jwt",
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/hello");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TokensWithUnknownKeyIdsTriggerAtMostOneExtraJwksFetch()
    {
        var ct = TestContext.Current.CancellationToken;
        using var otherRsa = RSA.Create(2048);
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/hello");
            var key = new RsaSecurityKey(otherRsa) { KeyId = $"jwk-test-random-{i}" };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _stytch.Mint(_user, key: key));
            using var response = await _http.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(2, _stytch.JwksRequests); // the first fetch, then one for an unknown kid; the rest wait 30 s
    }

    [Fact]
    public async Task ThroughTheBffTheSampleApiSeesTheUserTheRequestIdAndATraceparent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bff = new BffFactory();
        bff.Settings["ReverseProxy:Clusters:sample-api:Destinations:sample-api-1:Address"] = _api.BaseAddress.ToString();
        var login = JsonNode.Parse(StytchShapes.Login(_user, bff.Clock.GetUtcNow()))!;
        login["session_jwt"] = _stytch.Mint(_user);
        bff.Stytch.On("POST", "/v1/passwords/authenticate", FakeReply.Json(login.ToJsonString()));
        var client = bff.CreateSpaClient();
        (await client.PostAsJsonAsync("/auth/password", new { email = _user.Email, password = _user.Password }, ct)).EnsureSuccessStatusCode();

        using var response = await client.GetAsync("/api/hello?demo=1", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(_user.UserId, echo.GetProperty("sub").GetString());
        Assert.Equal(_user.SessionId, echo.GetProperty("session_id").GetString());
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), echo.GetProperty("request_id").GetString());
        Assert.StartsWith("00-", echo.GetProperty("traceparent").GetString(), StringComparison.Ordinal);
        Assert.Equal("/api/hello", echo.GetProperty("path").GetString());
        Assert.Equal("?demo=1", echo.GetProperty("query").GetString());
    }

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    private static string Unsigned(string jwt)
    {
        var header = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}"""));
        return $"{header}.{jwt.Split('.')[1]}.";
    }
}
