using System.Globalization;

namespace Stytch.Emulator.Infrastructure;

/// <summary>Stytch's timestamp format: RFC 3339, UTC, whole seconds (<c>2021-12-29T12:33:09Z</c>).</summary>
internal static class Rfc3339
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Drops sub-second precision so stored times round-trip through the wire format and JWT claims.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
