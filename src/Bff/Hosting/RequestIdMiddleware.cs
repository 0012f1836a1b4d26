namespace Bff.Hosting;

/// <summary>
/// Gives every request the BFF's own request id: an incoming <c>X-Request-Id</c> when it is short and of a safe
/// charset, a new one otherwise. It becomes <see cref="HttpContext.TraceIdentifier"/>, the <c>RequestId</c> property
/// of every log line of the request, and the <c>X-Request-Id</c> response header.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-Id";
    private const int MaxLength = 64;

    public async Task InvokeAsync(HttpContext context)
    {
        var id = IsSafe(context.Request.Headers[HeaderName]) is { } incoming ? incoming : NewId();
        context.TraceIdentifier = id;

        // Set when the response starts, not now: the exception handler clears the headers before it writes its 500.
        context.Response.OnStarting(static state =>
        {
            var (ctx, requestId) = ((HttpContext, string))state;
            ctx.Response.Headers[HeaderName] = requestId;
            return Task.CompletedTask;
        }, (context, id));
        using (logger.BeginScope(new RequestIdScope(id)))
        using (Serilog.Context.LogContext.PushProperty("RequestId", id))
        {
            await next(context);
        }
    }

    /// <summary>The BFF request id of the current request.</summary>
    public static string Get(HttpContext context) => context.TraceIdentifier;

    internal static string? IsSafe(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length > MaxLength)
        {
            return null;
        }

        foreach (var c in candidate)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return null;
            }
        }

        return candidate;
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>A log scope whose only property is RequestId; the innermost scope wins over ASP.NET Core's own.</summary>
    private sealed class RequestIdScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new("RequestId", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"RequestId:{requestId}";
    }
}
