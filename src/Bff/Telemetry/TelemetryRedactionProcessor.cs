using System.Diagnostics;
using OpenTelemetry;

namespace Bff.Telemetry;

/// <summary>
/// The last line before any exporter: no query string leaves the BFF as a span attribute. <c>/auth/callback</c>'s
/// query holds a single-use login token, and a proxied call's query is the SPA's business. The instrumentations
/// already redact query values; this removes <c>url.query</c> and cuts the query off every URL attribute, whatever an
/// instrumentation or a future version does. Request and response headers are never recorded (nothing enables them).
/// </summary>
internal sealed class TelemetryRedactionProcessor : BaseProcessor<Activity>
{
    private static readonly string[] UrlTags = ["url.full", "http.url", "http.target", "url.original"];

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetTagItem("url.query") is not null)
        {
            data.SetTag("url.query", null);
        }

        foreach (var tag in UrlTags)
        {
            if (data.GetTagItem(tag) is string url && url.IndexOf('?', StringComparison.Ordinal) is var q and >= 0)
            {
                data.SetTag(tag, url[..q]);
            }
        }
    }
}
