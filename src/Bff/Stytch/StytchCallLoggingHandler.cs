using System.Diagnostics;
using System.Text.Json;
using Bff.Hosting;
using Bff.Telemetry;

namespace Bff.Stytch;

/// <summary>
/// Sits next to the wire (inside the resilience handler), so every attempt, retries included, is logged once with
/// Stytch's request_id, or with the reason there is none. The body is buffered so the client can still read it.
/// </summary>
internal sealed partial class StytchCallLoggingHandler(ILogger<StytchCallLoggingHandler> logger, IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = StytchCall.Of(request) ?? new StytchCall(request.Method.Method, "(unknown)", Retryable: false);
        var attempt = request.Options.TryGetValue(StytchCall.AttemptKey, out var previous) ? previous + 1 : 1;
        request.Options.Set(StytchCall.AttemptKey, attempt);
        var bffRequestId = accessor.HttpContext is { } context ? RequestIdMiddleware.Get(context) : null;
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
        {
            var reason = ex is HttpRequestException ? "connection failure"
                : request.Options.TryGetValue(StytchCall.CallerTokenKey, out var caller) && caller.IsCancellationRequested ? "cancelled by the caller"
                : "timeout";
            BffActivitySource.CurrentStytchCall()?.SetTag(BffActivitySource.StytchAttemptsTag, attempt);
            Log.StytchCallFailed(logger, call.Method, call.PathTemplate, attempt, reason, Stopwatch.GetElapsedTime(started).TotalMilliseconds, bffRequestId);
            throw;
        }

        string? stytchRequestId = null;
        string? missingReason = null;
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            stytchRequestId = ReadRequestId(bytes, out missingReason);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
            missingReason = "body not received";
            Log.StytchCallFailed(logger, call.Method, call.PathTemplate, attempt, missingReason, Stopwatch.GetElapsedTime(started).TotalMilliseconds, bffRequestId);
            response.Dispose();
            throw;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var status = (int)response.StatusCode;
        if (BffActivitySource.CurrentStytchCall() is { } span)
        {
            // The call's span (StytchClient) shows its last attempt.
            span.SetTag("http.response.status_code", status)
                .SetTag(BffActivitySource.StytchRequestIdTag, stytchRequestId)
                .SetTag(BffActivitySource.StytchAttemptsTag, attempt);
        }

        if (stytchRequestId is not null)
        {
            Log.StytchCall(logger, call.Method, call.PathTemplate, attempt, status, stytchRequestId, elapsed, bffRequestId);
        }
        else
        {
            Log.StytchCallWithoutRequestId(logger, call.Method, call.PathTemplate, attempt, status, missingReason ?? "no request_id in body", elapsed, bffRequestId);
        }

        return response;
    }

    /// <summary>Reads the top-level <c>request_id</c> string without materialising the document.</summary>
    internal static string? ReadRequestId(ReadOnlySpan<byte> body, out string? missingReason)
    {
        missingReason = null;
        if (body.IsEmpty)
        {
            missingReason = "empty body";
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                missingReason = "non-JSON body";
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRequestId = reader.ValueTextEquals("request_id"u8);
                reader.Read();
                if (isRequestId && reader.TokenType == JsonTokenType.String)
                {
                    var value = reader.GetString();
                    return value is { Length: > 0 and <= 128 } ? value : null;
                }

                reader.Skip();
            }

            missingReason = "no request_id in body";
            return null;
        }
        catch (JsonException)
        {
            missingReason = "non-JSON body";
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, EventName = "StytchCall", Level = LogLevel.Information,
            Message = "Stytch {StytchMethod} {StytchPath} attempt {StytchAttempt} answered {StytchStatus} request_id={StytchRequestId} in {ElapsedMs:0.0} ms (BFF request {BffRequestId})")]
        public static partial void StytchCall(ILogger logger, string stytchMethod, string stytchPath, int stytchAttempt, int stytchStatus, string stytchRequestId, double elapsedMs, string? bffRequestId);

        [LoggerMessage(EventId = 2002, EventName = "StytchCallWithoutRequestId", Level = LogLevel.Warning,
            Message = "Stytch {StytchMethod} {StytchPath} attempt {StytchAttempt} answered {StytchStatus} without a request_id ({StytchNoRequestIdReason}) in {ElapsedMs:0.0} ms (BFF request {BffRequestId})")]
        public static partial void StytchCallWithoutRequestId(ILogger logger, string stytchMethod, string stytchPath, int stytchAttempt, int stytchStatus, string stytchNoRequestIdReason, double elapsedMs, string? bffRequestId);

        [LoggerMessage(EventId = 2003, EventName = "StytchCallFailed", Level = LogLevel.Warning,
            Message = "Stytch {StytchMethod} {StytchPath} attempt {StytchAttempt} got no answer and so no request_id ({StytchNoRequestIdReason}) after {ElapsedMs:0.0} ms (BFF request {BffRequestId})")]
        public static partial void StytchCallFailed(ILogger logger, string stytchMethod, string stytchPath, int stytchAttempt, string stytchNoRequestIdReason, double elapsedMs, string? bffRequestId);
    }
}
