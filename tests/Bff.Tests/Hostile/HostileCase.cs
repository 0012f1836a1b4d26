namespace Bff.Tests.Hostile;

/// <summary>What a hostile request must get.</summary>
public enum Answer
{
    /// <summary>A problem+json from the BFF with every Stytch SDK field (the usual outcome).</summary>
    Problem,

    /// <summary>A normal answer from the BFF (the hostile part was harmless, e.g. an ignored header).</summary>
    Success,

    /// <summary>
    /// Refused by Kestrel's HTTP parser before the app runs (malformed request line or headers, limits): Kestrel's own
    /// bodyless 400/414/431. Only on the wire; the app never sees the request, so it cannot call Stytch.
    /// </summary>
    KestrelRejects,

    /// <summary>
    /// The client closed its side before sending the whole request: Kestrel treats that as the client going away and
    /// closes the connection without an answer. The case still proves: no hang, no Stytch call, the session survives.
    /// </summary>
    NoAnswerToAClosedClient,
}

/// <summary>
/// One hostile or malformed request and what it must get. Whatever the expectation, every case must also get no 5xx,
/// make exactly <see cref="StytchCalls"/> Stytch calls (all to <see cref="StytchPath"/> when set), and leave the
/// user's own session working (unless <see cref="SessionSurvives"/> is false because the case ends it on purpose).
/// </summary>
public sealed record HostileCase(string Endpoint, string Name, Func<HostileContext, Task<WireRequest>> Build)
{
    /// <summary>Run against the app on the test server (the path as the app sees it) instead of the raw wire to Kestrel.</summary>
    public bool InApp { get; init; }

    public Answer Answer { get; init; } = Answer.Problem;

    /// <summary>The acceptable HTTP statuses.</summary>
    public int[] Status { get; init; } = [400];

    /// <summary>The problem's <c>error_type</c>, when it matters.</summary>
    public string? ErrorType { get; init; }

    public int StytchCalls { get; init; }

    /// <summary>The exact raw path (and query) of every Stytch call; <c>{user}</c> stands for the session's user id.</summary>
    public string? StytchPath { get; init; }

    /// <summary>How many requests the proxied API's upstream must receive.</summary>
    public int UpstreamCalls { get; init; }

    /// <summary>The exact raw target (path and query) every upstream request must have.</summary>
    public string? UpstreamTarget { get; init; }

    public bool SessionSurvives { get; init; } = true;

    /// <summary>Runs after the answer (e.g. to undo a clock shift the case needed).</summary>
    public Func<HostileContext, Task>? Cleanup { get; init; }

    /// <summary>An extra check of the answer: null when it holds, otherwise what is wrong.</summary>
    public Func<WireResponse, HostileContext, string?>? Check { get; init; }

    public static HostileCase Of(string endpoint, string name, Func<HostileContext, WireRequest> build) =>
        new(endpoint, name, c => Task.FromResult(build(c)));

    public override string ToString() => $"[{Endpoint}] {Name}{(InApp ? " (in app)" : "")}";
}
