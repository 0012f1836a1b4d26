namespace Bff.Stytch;

/// <summary>Why a Stytch call did not succeed.</summary>
public enum StytchFailureKind
{
    /// <summary>Stytch answered with an error body (4xx/5xx).</summary>
    ApiError,

    /// <summary>No answer within the configured time.</summary>
    Timeout,

    /// <summary>The connection could not be made or was closed.</summary>
    ConnectionFailed,

    /// <summary>Stytch answered something that is not the JSON we expect.</summary>
    InvalidResponse,

    /// <summary>Too many recent failures: the circuit breaker is open.</summary>
    CircuitOpen,
}

/// <summary>A failed Stytch call, with Stytch's own fields when it answered.</summary>
public sealed record StytchFailure(
    StytchFailureKind Kind,
    int? StatusCode = null,
    string? RequestId = null,
    string? ErrorType = null,
    string? ErrorMessage = null,
    string? ErrorUrl = null,
    TimeSpan? RetryAfter = null)
{
    public bool Is(string errorType) => string.Equals(ErrorType, errorType, StringComparison.Ordinal);
}

/// <summary>The outcome of one Stytch call: a value or a failure, never an exception for expected errors.</summary>
public readonly record struct StytchResult<T>(T? Value, StytchFailure? Failure)
    where T : class
{
    public static implicit operator StytchResult<T>(T value) => new(value, null);

    public static implicit operator StytchResult<T>(StytchFailure failure) => new(null, failure);

    public bool Succeeded => Failure is null && Value is not null;
}
