namespace Stytch.Emulator.Infrastructure;

/// <summary>
/// Per-request state shared by the call-recording middleware, the gateway and the handlers: the buffered body text
/// and what the gateway decided.
/// </summary>
internal sealed class EmulatorExchange(string body)
{
    private int _recorded;

    public string Body { get; } = body;

    public bool Authorized { get; set; }

    /// <summary>The matched operation, set by the gateway (null when no route matched).</summary>
    public string? Operation { get; set; }

    public bool Faulted { get; set; }

    public bool Aborted { get; set; }

    /// <summary>True for the first caller only: the call is recorded exactly once.</summary>
    public bool TryMarkRecorded() => Interlocked.Exchange(ref _recorded, 1) == 0;
}
