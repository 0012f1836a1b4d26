namespace Stytch.Emulator;

/// <summary>
/// A failure to inject into the next <see cref="Times"/> calls of one operation (see <see cref="EmulatorOperations"/>).
/// A fault needs at least one effect: a <see cref="Status"/>, a <see cref="Delay"/>, <see cref="CloseConnection"/> or
/// <see cref="NonJsonBody"/>. With only a <see cref="Delay"/>, the call hangs and then proceeds normally.
/// </summary>
public sealed class Fault
{
    /// <summary>The operation to fail, e.g. <c>users.revoke</c>; null matches every operation.</summary>
    public string? Operation { get; set; }

    /// <summary>The HTTP status to answer (with a Stytch-shaped JSON error body, request_id included).</summary>
    public int? Status { get; set; }

    /// <summary>The body's <c>error_type</c>; by default <c>too_many_requests</c> for 429, <c>internal_server_error</c> for 5xx.</summary>
    public string? ErrorType { get; set; }

    /// <summary>The body's <c>error_message</c>; a default matching the error type when null.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>When set, a <c>Retry-After</c> header with this many seconds (Stytch documents none; UNCONFIRMED).</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Hang this long before answering (or proceeding). The wait ends early if the caller gives up.</summary>
    public TimeSpan? Delay { get; set; }

    /// <summary>Abort the connection instead of answering (after <see cref="Delay"/>, if any).</summary>
    public bool CloseConnection { get; set; }

    /// <summary>Answer an HTML body (<c>text/html</c>) instead of JSON, like a proxy in front of Stytch. Status 502 unless <see cref="Status"/> is set.</summary>
    public bool NonJsonBody { get; set; }

    /// <summary>How many matching calls the fault applies to; <see cref="int.MaxValue"/> means until cleared.</summary>
    public int Times { get; set; } = 1;
}
