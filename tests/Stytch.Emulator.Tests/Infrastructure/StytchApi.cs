using System.Text;
using System.Text.Json.Nodes;

namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>A thin HTTP client for the emulator that records every exchange.</summary>
internal sealed class StytchApi(EmulatorHost host, bool withCredentials = true) : IDisposable
{
    private readonly HttpClient _http = host.CreateClient(withCredentials);
    private readonly List<RecordedExchange> _exchanges = [];

    public IReadOnlyList<RecordedExchange> Exchanges
    {
        get
        {
            lock (_exchanges)
            {
                return [.. _exchanges];
            }
        }
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ApiResponse> PostAsync(string path, JsonObject body) => SendAsync(HttpMethod.Post, path, body.ToJsonString());

    public Task<ApiResponse> PostRawAsync(string path, string? body) => SendAsync(HttpMethod.Post, path, body);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var result = new ApiResponse(
            (int)response.StatusCode,
            text,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.TryGetValues("Retry-After", out var retryAfter) ? retryAfter.Single() : null);
        lock (_exchanges)
        {
            _exchanges.Add(new RecordedExchange(method.Method, path, body, result));
        }

        return result;
    }

    public void Dispose() => _http.Dispose();
}
