using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>
/// A Connected App's side of the public OAuth endpoints, over raw HTTP without the project's credentials (the Node
/// SDK wraps none of token, userinfo and revoke). Keeps the response headers.
/// </summary>
internal sealed class OAuthClient(EmulatorHost host, string prefix = "v1/oauth2") : IDisposable
{
    private readonly HttpClient _http = host.CreateClient(withCredentials: false);

    /// <summary>The same client on the legacy prefix <c>/v1/public/{project_id}/oauth2</c>.</summary>
    public static OAuthClient Legacy(EmulatorHost host) => new(host, $"v1/public/{host.Options.ProjectId}/oauth2");

    public Task<ApiResponse> ExchangeCodeAsync(string code, string clientId, string? secret, string? redirectUri = null, string? verifier = null, bool basic = true) =>
        PostFormAsync("token", Form(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri), ("code_verifier", verifier)), clientId, secret, basic);

    public Task<ApiResponse> RefreshAsync(string refreshToken, string clientId, string? secret, string? scope = null) =>
        PostFormAsync("token", Form(("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("scope", scope)), clientId, secret, basic: false);

    public Task<ApiResponse> IntrospectAsync(string token, string clientId, string? secret) =>
        PostFormAsync("introspect", Form(("token", token)), clientId, secret, basic: false);

    public Task<ApiResponse> RevokeAsync(string token, string clientId, string? secret) =>
        PostFormAsync("revoke", Form(("token", token)), clientId, secret, basic: true);

    public async Task<ApiResponse> UserInfoAsync(string? accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{prefix}/userinfo");
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return await SendAsync(request);
    }

    /// <summary>
    /// A form POST to <c>{prefix}/{endpoint}</c>. With <paramref name="basic"/>, <paramref name="clientId"/> and
    /// <paramref name="secret"/> go in HTTP Basic (client_secret_basic), else in the form (client_secret_post).
    /// </summary>
    public async Task<ApiResponse> PostFormAsync(string endpoint, Dictionary<string, string> form, string? clientId, string? secret, bool basic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{prefix}/{endpoint}");
        if (basic && clientId is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret ?? ""))));
        }
        else
        {
            if (clientId is not null)
            {
                form["client_id"] = clientId;
            }

            if (secret is not null)
            {
                form["client_secret"] = secret;
            }
        }

        request.Content = new FormUrlEncodedContent(form);
        return await SendAsync(request);
    }

    /// <summary>A JSON POST to <c>{prefix}/{endpoint}</c>, optionally with a raw Authorization header.</summary>
    public async Task<ApiResponse> PostJsonAsync(string endpoint, JsonObject body, AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{prefix}/{endpoint}")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = authorization;
        return await SendAsync(request);
    }

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await _http.SendAsync(request, ct);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new ApiResponse(
            (int)response.StatusCode,
            await response.Content.ReadAsStringAsync(ct),
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.RetryAfter?.ToString(),
            headers);
    }

    public void Dispose() => _http.Dispose();

    private static Dictionary<string, string> Form(params (string Name, string? Value)[] values) =>
        values.Where(v => v.Value is not null).ToDictionary(v => v.Name, v => v.Value!, StringComparer.Ordinal);
}
