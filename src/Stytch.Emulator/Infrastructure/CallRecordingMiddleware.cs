using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Stytch.Emulator.Infrastructure;

/// <summary>
/// The outermost middleware: buffers the request body (for the handlers and the <see cref="CallLog"/>), checks the
/// Basic credentials once, and records every call with what was answered.
/// </summary>
internal sealed class CallRecordingMiddleware(RequestDelegate next, CallLog calls, EmulatorOptions options, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var at = clock.GetUtcNow();
        var (path, query) = RawTarget(http);
        string body;
        try
        {
            body = await ReadBodyAsync(http);
        }
        catch (BadHttpRequestException ex)
        {
            calls.Add(new CallRecord(at, http.Request.Method, path, query, null, "", false, ex.StatusCode, false));
            await StytchErrors.Create(ex.StatusCode, "bad_request", "The request body could not be read.").ExecuteAsync(http);
            return;
        }

        var exchange = new EmulatorExchange(body) { Authorized = BasicCredentials.Match(http.Request, options) };
        http.Features.Set(exchange);

        // Recorded when the response starts, so a caller that has its answer also finds the call in the log; a call
        // that never answers (aborted, or the caller gave up) is recorded at the end with status 0.
        void Record(int status)
        {
            if (exchange.TryMarkRecorded())
            {
                calls.Add(new CallRecord(at, http.Request.Method, path, query, exchange.Operation, body, exchange.Authorized, status, exchange.Faulted));
            }
        }

        http.Response.OnStarting(() =>
        {
            Record(http.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            await next(http);
        }
        finally
        {
            Record(exchange.Aborted || http.RequestAborted.IsCancellationRequested ? 0 : http.Response.StatusCode);
        }
    }

    /// <summary>The path and query exactly as sent (percent-encoding intact), when the server exposes it.</summary>
    private static (string Path, string Query) RawTarget(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            return (http.Request.PathBase + http.Request.Path, http.Request.QueryString.Value ?? "");
        }

        var queryAt = raw.IndexOf('?', StringComparison.Ordinal);
        return queryAt < 0 ? (raw, "") : (raw[..queryAt], raw[queryAt..]);
    }

    private static async Task<string> ReadBodyAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return "";
        }

        http.Request.EnableBuffering();
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        http.Request.Body.Position = 0;
        return text;
    }
}
