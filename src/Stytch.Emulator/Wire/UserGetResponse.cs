using System.Diagnostics.CodeAnalysis;

namespace Stytch.Emulator.Wire;

/// <summary><c>GET /v1/users/{user_id}</c>: the User object flattened, plus request_id and status_code.</summary>
internal sealed record UserGetResponse : UserView
{
    [SetsRequiredMembers]
    public UserGetResponse(UserView user, string requestId)
        : base(user)
    {
        RequestId = requestId;
    }

    public string RequestId { get; init; }

    public int StatusCode { get; init; } = 200;
}
