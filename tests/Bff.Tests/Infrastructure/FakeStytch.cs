using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Bff.Tests.Infrastructure;

/// <summary>One request the BFF sent to Stytch, as it went on the wire.</summary>
public sealed record RecordedRequest(string Method, string Path, string RawPathAndQuery, string? Body, string? Authorization)
{
    /// <summary>The request's Content-Type media type, when it had a body.</summary>
    public string? ContentType { get; init; }
}

/// <summary>
/// A strict Stytch double: it answers only the calls a test registered, with Stytch's exact shapes, records every
/// request, refuses wrong Basic credentials as Stytch does, and fails loudly (an exception and a recorded entry in
/// <see cref="Unexpected"/>) on anything else.
/// </summary>
public sealed class FakeStytch : HttpMessageHandler
{
    public const string ProjectId = "project-test-00000000-0000-4000-8000-00000000f00d";
    public const string Secret = "secret-test-KNOWN-SECRET-9f8e7d6c5b4a";
    public static readonly Uri BaseUrl = new("https://stytch.fake/");

    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<RecordedRequest> _unexpected = new();
    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public IReadOnlyList<RecordedRequest> Unexpected => [.. _unexpected];

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with the replies in order; the last one repeats.</summary>
    public void On(string method, string path, params FakeReply[] replies) =>
        _routes[Key(method, path)] = new Route(_ => Task.FromResult(replies.Length == 0 ? FakeReply.Ack() : replies[0]), replies);

    /// <summary>Answers with a function of the request (for stateful doubles).</summary>
    public void On(string method, string path, Func<RecordedRequest, FakeReply> reply) =>
        _routes[Key(method, path)] = new Route(r => Task.FromResult(reply(r)), null);

    /// <summary>Answers with an async function of the request (to hold a call open, e.g. to prove single flight).</summary>
    public void OnAsync(string method, string path, Func<RecordedRequest, Task<FakeReply>> reply) =>
        _routes[Key(method, path)] = new Route(reply, null);

    public int Count(string method, string path) => _requests.Count(r => r.Method == method && r.Path == path);

    public int Count(string pathPrefix) => _requests.Count(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    public void Reset()
    {
        _requests.Clear();
        _unexpected.Clear();
        _routes.Clear();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var raw = uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method.Method, uri.AbsolutePath, raw, body, request.Headers.Authorization?.ToString())
        {
            ContentType = request.Content?.Headers.ContentType?.MediaType,
        };
        _requests.Enqueue(recorded);

        if (uri.Host != BaseUrl.Host)
        {
            _unexpected.Enqueue(recorded);
            throw new InvalidOperationException($"The BFF called an unexpected host: {request.Method} {uri}");
        }

        var expectedAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ProjectId}:{Secret}"));
        if (recorded.Authorization != expectedAuth)
        {
            return FakeReply.Error(401, "unauthorized_credentials", "Unauthorized credentials.").ToResponse(request);
        }

        if (!_routes.TryGetValue(Key(recorded.Method, recorded.Path), out var route))
        {
            _unexpected.Enqueue(recorded);
            throw new InvalidOperationException($"Unexpected Stytch call: {recorded.Method} {raw}");
        }

        var reply = await route.Next(recorded);
        if (reply.Delay is { } delay)
        {
            await Task.Delay(delay, cancellationToken);
        }

        if (reply.ConnectionFailure)
        {
            throw new HttpRequestException("Connection refused (fake)", new SocketExceptionStandIn());
        }

        return reply.ToResponse(request);
    }

    private static string Key(string method, string path) => $"{method} {path}";

    private sealed class Route(Func<RecordedRequest, Task<FakeReply>> reply, FakeReply[]? sequence)
    {
        private int _calls;

        public Task<FakeReply> Next(RecordedRequest request)
        {
            if (sequence is { Length: > 0 })
            {
                var i = Interlocked.Increment(ref _calls) - 1;
                return Task.FromResult(sequence[Math.Min(i, sequence.Length - 1)]);
            }

            return reply(request);
        }
    }

    private sealed class SocketExceptionStandIn : IOException
    {
        public SocketExceptionStandIn()
            : base("Connection refused (fake)")
        {
        }
    }
}

/// <summary>What the double answers.</summary>
public sealed record FakeReply(int Status, string Body, string ContentType = "application/json")
{
    public TimeSpan? Delay { get; init; }

    public bool ConnectionFailure { get; init; }

    public string? RetryAfter { get; init; }

    public static FakeReply Json(string body, int status = 200) => new(status, body);

    public static FakeReply Ack() => new(200, StytchShapes.Ack());

    public static FakeReply Error(int status, string errorType, string message) => new(status, StytchShapes.Error(status, errorType, message));

    public static FakeReply NonJson(int status) => new(status, "<html><body>Bad gateway</body></html>", "text/html");

    public static FakeReply Hang(TimeSpan delay) => new(200, StytchShapes.Ack()) { Delay = delay };

    public static FakeReply Refused() => new(0, "") { ConnectionFailure = true };

    internal HttpResponseMessage ToResponse(HttpRequestMessage request)
    {
        var response = new HttpResponseMessage((HttpStatusCode)Status)
        {
            RequestMessage = request,
            Content = new StringContent(Body, Encoding.UTF8, ContentType),
        };
        if (RetryAfter is not null)
        {
            response.Headers.RetryAfter = RetryConditionHeaderValue.Parse(RetryAfter);
        }

        return response;
    }
}
