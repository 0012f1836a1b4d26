namespace Stytch.Emulator.Infrastructure;

/// <summary>Stytch's error body (stytch-api.md §3.1).</summary>
internal sealed record StytchError(int StatusCode, string RequestId, string ErrorType, string ErrorMessage, string ErrorUrl);
