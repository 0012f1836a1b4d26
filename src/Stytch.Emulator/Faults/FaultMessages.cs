namespace Stytch.Emulator.Faults;

/// <summary><c>POST /emulator/faults</c> body: a <see cref="Fault"/> in snake_case, the delay in milliseconds.</summary>
internal sealed class FaultRequest
{
    public string? Operation { get; set; }

    public int? Status { get; set; }

    public string? ErrorType { get; set; }

    public string? ErrorMessage { get; set; }

    public int? RetryAfterSeconds { get; set; }

    public int? DelayMs { get; set; }

    public bool? CloseConnection { get; set; }

    public bool? NonJsonBody { get; set; }

    public int? Times { get; set; }

    public Fault ToFault() => new()
    {
        Operation = string.IsNullOrEmpty(Operation) ? null : Operation,
        Status = Status,
        ErrorType = ErrorType,
        ErrorMessage = ErrorMessage,
        RetryAfterSeconds = RetryAfterSeconds,
        Delay = DelayMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        CloseConnection = CloseConnection ?? false,
        NonJsonBody = NonJsonBody ?? false,
        Times = Times ?? 1,
    };

    public static FaultRequest From(Fault fault, int remaining) => new()
    {
        Operation = fault.Operation,
        Status = fault.Status,
        ErrorType = fault.ErrorType,
        ErrorMessage = fault.ErrorMessage,
        RetryAfterSeconds = fault.RetryAfterSeconds,
        DelayMs = fault.Delay is { } delay ? (int)delay.TotalMilliseconds : null,
        CloseConnection = fault.CloseConnection,
        NonJsonBody = fault.NonJsonBody,
        Times = remaining,
    };
}

/// <summary><c>GET /emulator/faults</c> (and the answer to POST/DELETE): the pending faults, <c>times</c> = uses left.</summary>
internal sealed record FaultListResponse(IReadOnlyList<FaultRequest> Faults);
