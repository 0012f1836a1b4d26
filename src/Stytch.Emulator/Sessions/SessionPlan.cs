using Microsoft.AspNetCore.Http.HttpResults;
using Stytch.Emulator.Infrastructure;
using Stytch.Emulator.State;

namespace Stytch.Emulator.Sessions;

/// <summary>The validated session arguments of one login: an existing session to extend, or none.</summary>
internal sealed record SessionPlan(SessionRecord? Existing, SessionArguments Arguments, JsonHttpResult<StytchError>? Error)
{
    public static SessionPlan Fail(JsonHttpResult<StytchError> error) => new(null, default, error);
}
