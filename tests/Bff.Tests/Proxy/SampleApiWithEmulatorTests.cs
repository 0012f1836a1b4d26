using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sample.Api;
using Stytch.Emulator;

namespace Bff.Tests.Proxy;

/// <summary>The sample upstream against the Stytch emulator's real JWKS (x5c, x5tS256, key rotation).</summary>
public sealed class SampleApiWithEmulatorTests : IAsyncLifetime
{
    private EmulatorHost _stytch = null!;
    private SampleApiHost _api = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _stytch = await EmulatorHost.StartAsync(new EmulatorOptions(), ct: ct);
        _api = await SampleApiHost.StartAsync(_stytch.BaseUrl, _stytch.Options.ProjectId, cancellationToken: ct);
        _http = new HttpClient { BaseAddress = _api.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
        await _stytch.DisposeAsync();
    }

    [Fact]
    public async Task AnEmulatorSessionJwtIsAcceptedAlsoAfterAKeyRotation()
    {
        var ct = TestContext.Current.CancellationToken;
        var userId = _stytch.FindUserId("demo@example.com");
        var before = await LoginJwtAsync(ct);

        Assert.Equal(userId, await HelloSubAsync(before, ct));

        _stytch.RotateSigningKey();
        var after = await LoginJwtAsync(ct);

        Assert.Equal(userId, await HelloSubAsync(after, ct));   // unknown kid: the JWKS is fetched again
        Assert.Equal(userId, await HelloSubAsync(before, ct));  // the previous key is still published
    }

    private async Task<string> LoginJwtAsync(CancellationToken ct)
    {
        using var stytch = _stytch.CreateClient();
        using var response = await stytch.PostAsJsonAsync("v1/passwords/authenticate",
            new { email = "demo@example.com", password = "correct-horse-battery-staple", session_duration_minutes = 60 }, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("session_jwt").GetString()!;
    }

    private async Task<string?> HelloSubAsync(string jwt, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/hello");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        using var response = await _http.SendAsync(request, ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} {response.Headers.WwwAuthenticate}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("sub").GetString();
    }
}
