using Bff.Hosting;
using Microsoft.Extensions.Options;

namespace Bff.Security;

/// <summary>
/// The one CSRF check. Runs after routing and before authentication, so a forged request is refused before any
/// session lookup or Stytch call. A custom header cannot be sent cross-site without a CORS preflight, which this BFF
/// never grants; the Origin allow-list is a second, independent check.
/// </summary>
public sealed partial class CsrfMiddleware(RequestDelegate next, IOptions<BffOptions> options, ILogger<CsrfMiddleware> logger)
{
    public const string HeaderName = "X-CSRF";
    private readonly IReadOnlySet<string> _allowedOrigins = options.Value.OriginAllowList();

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<CsrfMetadata>() is null)
        {
            return next(context);
        }

        var headers = context.Request.Headers;
        if (headers[HeaderName] is not { Count: 1 } csrf || csrf[0] != "1")
        {
            Log.CsrfRejected(logger, "missing or wrong X-CSRF header");
            return BffProblems.Write(context, StatusCodes.Status403Forbidden, "bff_csrf_header_missing",
                "The request must carry the header 'X-CSRF: 1'.");
        }

        if (headers.Origin is { Count: > 0 } origin && (origin.Count != 1 || !_allowedOrigins.Contains(origin[0]!)))
        {
            Log.CsrfRejected(logger, "Origin not in the allow-list");
            return BffProblems.Write(context, StatusCodes.Status403Forbidden, "bff_origin_not_allowed",
                "The request's Origin is not allowed to call this API.");
        }

        return next(context);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, EventName = "CsrfRejected", Level = LogLevel.Warning, Message = "Request refused by the CSRF check: {Reason}")]
        public static partial void CsrfRejected(ILogger logger, string reason);
    }
}
