using Stytch.Emulator;

namespace Bff.Tests.Faults;

/// <summary>How a fault makes Stytch answer.</summary>
public enum FaultEffect
{
    /// <summary>A Stytch JSON error body (with request_id).</summary>
    ApiError,

    /// <summary>No usable answer: timeout, closed connection, non-JSON body (no request_id).</summary>
    NoStytchAnswer,

    /// <summary>Only slower: the call succeeds.</summary>
    Slow,
}

/// <summary>One column of the fault matrix: what the emulator does to every call of the operation under test.</summary>
public sealed record FaultColumn(string Name, FaultEffect Effect, Func<string, string, Fault> Make)
{
    /// <summary>A fault the idempotent calls retry (429, 5xx, transport errors).</summary>
    public bool Transient { get; init; }

    public bool IsTimeout { get; init; }

    /// <summary>The Retry-After the SPA must get on a 429.</summary>
    public string? RetryAfter { get; init; }

    public static readonly TimeSpan SlowDelay = TimeSpan.FromMilliseconds(300);

    /// <summary>The columns. Make(operation, error type for a 404 of that operation).</summary>
    public static IReadOnlyList<FaultColumn> All { get; } =
    [
        new("401 credentials", FaultEffect.ApiError, (op, _) => Persistent(op, f => { f.Status = 401; f.ErrorType = "unauthorized_credentials"; f.ErrorMessage = "Unauthorized credentials."; })),
        new("404", FaultEffect.ApiError, (op, notFound) => Persistent(op, f => { f.Status = 404; f.ErrorType = notFound; })),
        new("429 + Retry-After", FaultEffect.ApiError, (op, _) => Persistent(op, f => { f.Status = 429; f.RetryAfterSeconds = 1; })) { Transient = true, RetryAfter = "1" },
        new("429", FaultEffect.ApiError, (op, _) => Persistent(op, f => f.Status = 429)) { Transient = true, RetryAfter = "5" },
        new("500", FaultEffect.ApiError, (op, _) => Persistent(op, f => f.Status = 500)) { Transient = true },
        new("timeout", FaultEffect.NoStytchAnswer, (op, _) => Persistent(op, f => f.Delay = TimeSpan.FromSeconds(30))) { Transient = true, IsTimeout = true },
        new("closed", FaultEffect.NoStytchAnswer, (op, _) => Persistent(op, f => f.CloseConnection = true)) { Transient = true },
        new("non-JSON", FaultEffect.NoStytchAnswer, (op, _) => Persistent(op, f => f.NonJsonBody = true)) { Transient = true },
        new("slow", FaultEffect.Slow, (op, _) => Persistent(op, f => f.Delay = SlowDelay)),
    ];

    /// <summary>The attempt and total timeouts of the column's BFF: short where the fault is a timeout.</summary>
    public (TimeSpan Attempt, TimeSpan Total) Timeouts => IsTimeout
        ? (TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.5))
        : (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));

    private static Fault Persistent(string operation, Action<Fault> configure)
    {
        var fault = new Fault { Operation = operation, Times = int.MaxValue };
        configure(fault);
        return fault;
    }

    public override string ToString() => Name;
}
