using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;

namespace Bff.Tests.Hostile;

/// <summary>Where a hostile request is sent: the raw bytes to real Kestrel, or straight into the app on the test server.</summary>
public interface IHostileTransport
{
    string Name { get; }

    Task<WireResponse> SendAsync(WireRequest request, CancellationToken ct);
}

/// <summary>
/// Sends the exact bytes of a <see cref="WireRequest"/> over a fresh TCP connection to real Kestrel and reads the
/// answer until the server closes (every request carries <c>Connection: close</c>). Bounded: 15 s per request.
/// </summary>
public sealed class WireClient(Uri address) : IHostileTransport
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public string Name => "kestrel";

    public Uri Address { get; } = address;

    public async Task<WireResponse> SendAsync(WireRequest request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(Address.Host, Address.Port, timeout.Token);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(request.ToBytes(), timeout.Token);
            if (request.HalfClose)
            {
                tcp.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server answered and closed before taking everything (a body over the limit): read what it said.
        }

        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset: after the answer (the server closed with unread request bytes, the answer is complete), or
            // instead of one (nothing received: status 0 below).
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"No complete answer within {Timeout.TotalSeconds} s to {request}; got {received.Length} bytes.");
        }

        // Nothing at all: the server closed the connection without answering (status 0).
        return received.Length == 0 ? new WireResponse(0, [], []) : WireResponse.Parse(received.ToArray());
    }
}

/// <summary>
/// Hands a request straight to the app on the test server: the target is the path as the app sees it after Kestrel
/// (already decoded, no dot-segment removal, no size limits), so the app's own checks are exercised.
/// </summary>
public sealed class AppTransport(TestServer server) : IHostileTransport
{
    public string Name => "app";

    public async Task<WireResponse> SendAsync(WireRequest request, CancellationToken ct)
    {
        var question = request.Target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? request.Target : request.Target[..question];
        var query = question < 0 ? "" : request.Target[question..];
        var context = await server.SendAsync(c =>
        {
            c.Request.Method = request.Method;
            c.Request.Scheme = "https";
            c.Request.Host = new HostString("localhost");
            c.Request.Path = new PathString(path);
            c.Request.QueryString = new QueryString(query);
            foreach (var (name, value) in request.Headers)
            {
                c.Request.Headers.Append(name, value);
            }

            if (request.Body is { } body)
            {
                c.Request.Body = new MemoryStream(body);
                c.Request.ContentLength = request.ContentLength ?? body.Length;

                // The test server's own body pipe would still be read (empty): read the stream set here instead.
                c.Features.Set<IRequestBodyPipeFeature>(null);
                c.Features.Set<IHttpRequestBodyDetectionFeature>(new HasBody());
            }
        }, ct);

        using var received = new MemoryStream();
        await context.Response.Body.CopyToAsync(received, ct);
        var headers = context.Response.Headers
            .SelectMany(h => h.Value.Select(v => (h.Key, v ?? "")))
            .Concat(context.Response.ContentType is { } type && !context.Response.Headers.ContainsKey("Content-Type") ? [("Content-Type", type)] : [])
            .ToList();
        return new WireResponse(context.Response.StatusCode, headers, received.ToArray());
    }

    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }
}
