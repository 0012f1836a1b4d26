using System.Globalization;
using System.Text;
using Serilog.Events;
using Serilog.Formatting;

namespace Bff.Hosting;

/// <summary>
/// Wraps a text formatter (the Development console's template) so that no logged value can forge a line or drive the
/// reader's terminal: in every string property, control characters (CR, LF, ESC, the C1 set,
/// DEL…), Unicode line and paragraph separators and bidirectional overrides are written as escapes (<c>\r</c>,
/// <c>\n</c>, <c>\u001B</c>…). A request path, a header or any other caller's text is logged as one visible line.
/// Only property values are touched: the message template is the developer's, and an exception keeps its
/// multi-line stack trace. JSON formatters need no wrapper: JSON already escapes control characters.
/// </summary>
/// <remarks>
/// Configured as the sink's formatter, so it works with whichever console sink writes the text:
/// <c>"formatter": { "type": "Bff.Hosting.ControlCharacterEscapingFormatter, Bff", "formatter": { "type": …, "template": … } }</c>.
/// </remarks>
public sealed class ControlCharacterEscapingFormatter(ITextFormatter formatter) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output) => formatter.Format(Escaped(logEvent), output);

    internal static LogEvent Escaped(LogEvent logEvent)
    {
        List<LogEventProperty>? properties = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var escaped = Escape(value);
            if (properties is null && !ReferenceEquals(escaped, value))
            {
                properties = [.. logEvent.Properties.TakeWhile(p => p.Key != name).Select(p => new LogEventProperty(p.Key, p.Value))];
            }

            properties?.Add(new LogEventProperty(name, escaped));
        }

        return properties is null
            ? logEvent
            : new LogEvent(logEvent.Timestamp, logEvent.Level, logEvent.Exception, logEvent.MessageTemplate, properties, logEvent.TraceId ?? default, logEvent.SpanId ?? default);
    }

    /// <summary>
    /// A string value escaped; any other value as it is. Strings inside structures, sequences and dictionaries need
    /// nothing: Serilog renders them quoted and escaped already.
    /// </summary>
    private static LogEventPropertyValue Escape(LogEventPropertyValue value) =>
        value is ScalarValue { Value: string text } && NeedsEscaping(text) ? new ScalarValue(EscapeText(text)) : value;

    private static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string EscapeText(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\r' => @"\r",
                '\n' => @"\n",
                '\t' => @"\t",
                _ when IsUnsafe(c) => @"\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary>C0, DEL and C1 controls, line/paragraph separators, and the bidirectional marks and overrides.</summary>
    private static bool IsUnsafe(char c) =>
        char.IsControl(c)
        || c is '\u2028' or '\u2029' or '\u061C' or '\u200E' or '\u200F'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';
}
