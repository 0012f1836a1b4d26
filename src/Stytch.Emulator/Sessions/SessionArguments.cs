using System.Text.Json;

namespace Stytch.Emulator.Sessions;

/// <summary>
/// The session-related fields every login exchange accepts: a duration to start (or extend) a session, an existing
/// session to add the factor to, and custom claims.
/// </summary>
internal readonly record struct SessionArguments(
    int? DurationMinutes,
    string? SessionToken,
    string? SessionJwt,
    IReadOnlyDictionary<string, JsonElement>? CustomClaims)
{
    public const int MinDurationMinutes = 5;
    public const int MaxDurationMinutes = 527_040;

    public static bool IsValidDuration(int? minutes) => minutes is null or (>= MinDurationMinutes and <= MaxDurationMinutes);

    /// <summary>Empty strings count as absent, like omitted fields.</summary>
    public static string? Present(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
