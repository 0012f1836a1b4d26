using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Bff.Tests.Proxy;

/// <summary>One request as the upstream received it on the wire.</summary>
public sealed record UpstreamRequest(
    string Method,
    string RawTarget,
    string Path,
    string Query,
    string? Authorization,
    string? Cookie,
    IReadOnlyList<string> RequestIds,
    string? TraceParent,
    long BodyLength,
    string BodySha256,
    IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A real Kestrel upstream on 127.0.0.1:0 that records every request. What it answers depends on the last path segments:
/// <c>status/{code}</c> (that status, a text body and <c>X-Upstream: yes</c>), <c>empty/{code}</c> and <c>empty-chunked/{code}</c> (that status, no body, with or without <c>Content-Length: 0</c>),
/// <c>slow</c> (waits up to 20 s), <c>set-cookie</c> (tries to set the BFF's session cookie and one of its own),
/// <c>request-id</c> (answers with its own <c>X-Request-Id</c>), <c>hostile-headers</c> (a JSON answer with long-lived
/// public caching, permissive CORS and a <c>Refresh</c> redirect); anything else: 200 with a small JSON echo.
/// </summary>
public sealed class RecordingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<UpstreamRequest> _requests = new();

    private RecordingUpstream(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<UpstreamRequest> Requests => [.. _requests];

    public static async Task<RecordingUpstream> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var upstream = new RecordingUpstream(app);
        app.Run(upstream.HandleAsync);
        await app.StartAsync(ct);
        upstream.BaseAddress = new Uri(app.Urls.Single());
        return upstream;
    }

    /// <summary>The requests whose path contains <paramref name="marker"/> (tests use a unique marker per call).</summary>
    public IReadOnlyList<UpstreamRequest> RequestsFor(string marker) =>
        [.. Requests.Where(r => r.RawTarget.Contains(marker, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var bytes = body.ToArray();
        _requests.Enqueue(new UpstreamRequest(
            request.Method,
            context.Features.Get<IHttpRequestFeature>()!.RawTarget,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            request.Headers.Authorization.Count == 0 ? null : request.Headers.Authorization.ToString(),
            request.Headers.Cookie.Count == 0 ? null : request.Headers.Cookie.ToString(),
            [.. request.Headers["X-Request-Id"].OfType<string>()],
            request.Headers.TraceParent.Count == 0 ? null : request.Headers.TraceParent.ToString(),
            bytes.Length,
            Convert.ToHexString(SHA256.HashData(bytes)),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));

        var segments = (request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var last = segments.LastOrDefault() ?? "";
        var beforeLast = segments.Length > 1 ? segments[^2] : "";
        var response = context.Response;
        if (beforeLast == "status" && int.TryParse(last, out var status))
        {
            response.StatusCode = status;
            response.Headers["X-Upstream"] = "yes";
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync($"upstream says {status}", context.RequestAborted);
        }
        else if (beforeLast is "empty" or "empty-chunked" && int.TryParse(last, out var emptyStatus))
        {
            response.StatusCode = emptyStatus;
            if (beforeLast == "empty-chunked")
            {
                await response.StartAsync(context.RequestAborted); // no Content-Length: chunked, zero bytes
            }
        }
        else if (last == "slow")
        {
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
        }
        else if (last == "set-cookie")
        {
            response.Headers.Append("Set-Cookie", "__Host-bff-session=planted-by-upstream; path=/; secure; httponly");
            response.Headers.Append("Set-Cookie", "__host-BFF-sessionC1=planted-chunk; path=/; secure");
            response.Headers.Append("Set-Cookie", "upstream-pref=dark; path=/");
        }
        else if (last == "request-id")
        {
            response.Headers["X-Request-Id"] = "upstream-own-id";
        }
        else if (last == "hostile-headers")
        {
            response.Headers.CacheControl = "public, max-age=31536000, immutable";
            response.Headers.Expires = "Thu, 31 Dec 2099 23:59:59 GMT";
            response.Headers.AccessControlAllowOrigin = "https://evil.example";
            response.Headers.AccessControlAllowCredentials = "true";
            response.Headers.AccessControlExposeHeaders = "*";
            response.Headers["Refresh"] = "0; url=https://evil.example/";
            response.Headers["X-Upstream"] = "yes";
            response.ContentType = "application/json";
            await response.WriteAsync("{\"secret\":\"per-user data\"}", context.RequestAborted);
        }
        else
        {
            response.ContentType = "application/json";
            var echo = new JsonObject { ["path"] = request.Path.Value, ["query"] = request.QueryString.Value, ["bytes"] = bytes.Length };
            await response.WriteAsync(echo.ToJsonString(), Encoding.UTF8, context.RequestAborted);
        }
    }
}
