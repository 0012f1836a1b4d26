using System.Text.Json;

namespace Stytch.Emulator.Wire;

/// <summary>The Session object (spec <c>api_session_v1_Session</c>).</summary>
internal sealed record SessionView
{
    public required string SessionId { get; init; }

    public required string UserId { get; init; }

    public required string StartedAt { get; init; }

    public required string LastAccessedAt { get; init; }

    public required string ExpiresAt { get; init; }

    public required AttributesView Attributes { get; init; }

    public required IReadOnlyList<AuthenticationFactorView> AuthenticationFactors { get; init; }

    public required IReadOnlyList<string> Roles { get; init; }

    public required IReadOnlyDictionary<string, JsonElement> CustomClaims { get; init; }
}
