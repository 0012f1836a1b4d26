namespace Stytch.Emulator.Wire;

/// <summary>A body with nothing but request_id and status_code (revoke responses).</summary>
internal sealed record StatusResponse(string RequestId, int StatusCode);
