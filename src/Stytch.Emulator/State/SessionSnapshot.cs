using System.Text.Json;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.Wire;

namespace Stytch.Emulator.State;

/// <summary>A session's state at one instant.</summary>
internal sealed record SessionSnapshot(
    SessionRecord Session,
    DateTimeOffset LastAccessedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<AuthFactor> Factors,
    IReadOnlyDictionary<string, JsonElement> CustomClaims)
{
    public static readonly IReadOnlyList<string> Roles = ["stytch_user"];

    public SessionView ToView() => new()
    {
        SessionId = Session.SessionId,
        UserId = Session.UserId,
        StartedAt = Rfc3339.Format(Session.StartedAt),
        LastAccessedAt = Rfc3339.Format(LastAccessedAt),
        ExpiresAt = Rfc3339.Format(ExpiresAt),
        Attributes = Session.Attributes,
        AuthenticationFactors = [.. Factors.Select(f => f.ToView(withAuditTimes: true))],
        Roles = Roles,
        CustomClaims = CustomClaims,
    };
}
