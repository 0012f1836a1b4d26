using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bff.Tests.Infrastructure;

/// <summary>
/// An HTTP/1.1 server on a free loopback port that records every request exactly as it arrived on the socket (request
/// line, headers, body framing) and answers each with one canned JSON body and <c>Connection: close</c>. For tests of
/// what the BFF really puts on the wire, below any HttpClient or Kestrel parsing. Every read is bounded to 10 s.
/// </summary>
public sealed class RawRequestRecorder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<RawRequest> _requests = new();
    private readonly string _answer;
    private readonly Task _accepting;

    public RawRequestRecorder(string answerJson)
    {
        _answer = answerJson;
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<RawRequest> Requests => [.. _requests];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var stream = client.GetStream();
            try
            {
                var request = await ReadAsync(stream, timeout.Token);
                _requests.Enqueue(request);
                var body = Encoding.UTF8.GetBytes(_answer);
                var head = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head, timeout.Token);
                await stream.WriteAsync(body, timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidDataException)
            {
                // The test sees the missing request.
            }
        }
    }

    private static async Task<RawRequest> ReadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOf(buffer, "\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(chunk, ct);
            if (read == 0 || buffer.Count > 64 * 1024)
            {
                throw new InvalidDataException("The request head did not end.");
            }

            buffer.AddRange(chunk.AsSpan(0, read));
        }

        var lines = Encoding.ASCII.GetString([.. buffer.Take(headEnd)]).Split("\r\n");
        var headers = lines.Skip(1)
            .Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)], Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .ToList();
        var body = buffer.Skip(headEnd + 4).ToList();
        var request = new RawRequest(lines[0], headers, []);
        if (request.Header("Content-Length") is { } length)
        {
            await ReadUntilAsync(stream, body, chunk, () => body.Count >= int.Parse(length, System.Globalization.CultureInfo.InvariantCulture), ct);
        }
        else if (request.Header("Transfer-Encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            await ReadUntilAsync(stream, body, chunk, () => IndexOf(body, "0\r\n\r\n"u8) >= 0, ct);
        }

        return request with { Body = [.. body] };
    }

    private static async Task ReadUntilAsync(NetworkStream stream, List<byte> body, byte[] chunk, Func<bool> done, CancellationToken ct)
    {
        while (!done())
        {
            var read = await stream.ReadAsync(chunk, ct);
            if (read == 0 || body.Count > 1024 * 1024)
            {
                throw new InvalidDataException("The request body did not end.");
            }

            body.AddRange(chunk.AsSpan(0, read));
        }
    }

    private static int IndexOf(List<byte> bytes, ReadOnlySpan<byte> value)
    {
        for (var i = 0; i + value.Length <= bytes.Count; i++)
        {
            var match = true;
            for (var j = 0; j < value.Length && match; j++)
            {
                match = bytes[i + j] == value[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One request as it arrived: request line, headers in order, body bytes as framed on the wire.</summary>
public sealed record RawRequest(string RequestLine, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
{
    public string Method => RequestLine.Split(' ')[0];

    public string Target => RequestLine.Split(' ')[1];

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
