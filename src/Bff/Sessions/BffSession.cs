using System.Reflection;
using System.Security.Claims;
using Bff.Stytch;

namespace Bff.Sessions;

/// <summary>
/// The current user's server-side session, as handlers receive it. The user id can come from nowhere else: no
/// request field, header or path names a user. Bind it as a handler parameter.
/// </summary>
#pragma warning disable ASP0029 // SkipValidation is marked experimental in .NET 10; without it AddValidation walks the ClaimsPrincipal.
[Microsoft.Extensions.Validation.SkipValidation] // server state, not request input
#pragma warning restore ASP0029
public sealed record BffSession(
    string? Key,
    StytchUserId UserId,
    string SessionId,
    string SessionToken,
    string SessionJwt,
    DateTimeOffset JwtExpiresAt,
    DateTimeOffset ValidatedAt,
    DateTimeOffset AbsoluteExpiresAt,
    DateTimeOffset? StytchExpiresAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? IdleExpiresAt,
    ClaimsPrincipal Principal)
{
    /// <summary>When the session ends if nothing else happens: the earliest of idle, absolute and Stytch expiry.</summary>
    public DateTimeOffset ExpiresAt =>
        new[] { IdleExpiresAt, AbsoluteExpiresAt, StytchExpiresAt }.OfType<DateTimeOffset>().Min();

    public bool NeedsStytchCheck(DateTimeOffset now, TimeSpan maxStaleness) =>
        now >= JwtExpiresAt - TimeSpan.FromSeconds(5) || now - ValidatedAt >= maxStaleness;

    public override string ToString() => $"BffSession {{ UserId = {UserId}, SessionId = {SessionId} }}";

    /// <summary>Minimal API binding: the session the freshness middleware attached to the request.</summary>
    public static ValueTask<BffSession?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Features.Get<BffSession>());
}
