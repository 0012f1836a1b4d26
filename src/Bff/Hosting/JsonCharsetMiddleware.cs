using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Bff.Hosting;

/// <summary>
/// JSON request bodies are UTF-8 (RFC 8259 §8.1). On the BFF's own endpoints that read a JSON body, a
/// <c>Content-Type</c> whose <c>charset</c> is anything but <c>utf-8</c> (<c>utf-7</c>, an unknown name, an empty or a
/// second charset) is a 415 problem before the body is read; ASP.NET Core would otherwise transcode from any charset
/// .NET knows and fail with an unhandled exception (a 500 and an Error log) on one it does not. No charset, or
/// <c>utf-8</c> in any case and quoted or not, is accepted. Proxied routes are not touched: their bodies go upstream
/// as they are.
/// </summary>
internal sealed partial class JsonCharsetMiddleware(RequestDelegate next, ILogger<JsonCharsetMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentType is not { } contentType
            || context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is null
            || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !IsJson(mediaType))
        {
            return next(context); // no JSON body here: ASP.NET Core answers a wrong media type itself (415)
        }

        var charsets = mediaType.Parameters.Where(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)).ToList();
        if (charsets.Count == 0)
        {
            return next(context);
        }

        if (charsets.Count == 1 && HeaderUtilities.RemoveQuotes(charsets[0].Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            if (HeaderUtilities.IsQuoted(charsets[0].Value))
            {
                mediaType.Charset = "utf-8"; // the same charset (RFC 9110 §5.6.6), in the form ASP.NET Core's JSON reader expects
                request.ContentType = mediaType.ToString();
            }

            return next(context);
        }

        Log.CharsetRefused(logger, request.Method, context.GetEndpoint()?.DisplayName);
        return BffProblems.Write(context, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
            "JSON bodies must be UTF-8: send 'Content-Type: application/json' (or with 'charset=utf-8').");
    }

    private static bool IsJson(MediaTypeHeaderValue mediaType) =>
        mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, EventName = "JsonCharsetRefused", Level = LogLevel.Information,
            Message = "Request {Method} to {Endpoint} refused: its JSON body is declared in a charset other than UTF-8")]
        public static partial void CharsetRefused(ILogger logger, string method, string? endpoint);
    }
}
