namespace Stytch.Emulator;

/// <summary>One request the emulator received and what it answered.</summary>
/// <param name="At">When the request arrived (emulator clock).</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path exactly as received (percent-encoding intact), without the query string.</param>
/// <param name="Query">The raw query string including '?', or empty.</param>
/// <param name="Operation">The matched operation (see <see cref="EmulatorOperations"/>), or null when no route matched.</param>
/// <param name="Body">The request body as text (empty when none). Held in memory only; never logged.</param>
/// <param name="Authorized">Whether the request carried the project's Basic credentials.</param>
/// <param name="StatusCode">The status answered; 0 when the connection was aborted (a fault, or the caller gave up).</param>
/// <param name="Faulted">Whether an injected fault handled the call.</param>
public sealed record CallRecord(
    DateTimeOffset At,
    string Method,
    string Path,
    string Query,
    string? Operation,
    string Body,
    bool Authorized,
    int StatusCode,
    bool Faulted);
