using System.Diagnostics.Metrics;
using Bff.Stytch;

namespace Bff.Telemetry;

/// <summary>
/// The BFF's own meter (<see cref="MeterName"/>). Created through <see cref="IMeterFactory"/>; an instrument nobody
/// listens to costs a branch and no allocation, so the recording methods are called unconditionally. Every tag has a
/// small fixed set of values (never an id, a token, a path or a message).
/// </summary>
public sealed class BffMetrics
{
    public const string MeterName = "Bff";

    /// <summary>The outcome tag of every instrument: one of the constants of <see cref="Outcomes"/>.</summary>
    public const string OutcomeTag = "bff.outcome";

    public const string StytchOperationTag = "stytch.operation";
    public const string RateLimitScopeTag = "bff.rate_limit.scope";

    private static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        // OpenTelemetry's semantic conventions for HTTP durations (seconds).
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    };

    private readonly Histogram<double> _stytchCalls;
    private readonly Counter<long> _revocations;
    private readonly Counter<long> _authorizations;
    private readonly Counter<long> _refreshes;
    private readonly Counter<long> _storeFailures;
    private readonly Counter<long> _rateLimitRefusals;

    public BffMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _stytchCalls = meter.CreateHistogram("bff.stytch.call.duration", "s",
            "Stytch API calls (the histogram's count is the number of calls), retries included, by operation and outcome.",
            tags: null, advice: DurationAdvice);
        _revocations = meter.CreateCounter<long>("bff.connected_app.revocations", "{revocation}",
            "Connected App revocations asked for by users, by outcome.");
        _authorizations = meter.CreateCounter<long>("bff.connected_app.authorizations", "{authorization}",
            "Connected App authorizations (OAuth consent) answered by users, by outcome.");
        _refreshes = meter.CreateCounter<long>("bff.session.refreshes", "{refresh}",
            "Sessions checked with Stytch (sessions/authenticate) because their JWT was stale, by outcome.");
        _storeFailures = meter.CreateCounter<long>("bff.session_store.failures", "{failure}",
            "Requests answered 503 because the session store (Redis, or the Data Protection key ring in it) failed, by the store's error type.");
        _rateLimitRefusals = meter.CreateCounter<long>("bff.rate_limit.refusals", "{request}",
            "Requests refused by the per-session / per-client Stytch call limit, by scope.");
    }

    /// <summary>One Stytch call (the whole call, retries included), as <see cref="StytchClient"/> ends it; <c>outcome</c> is one of <see cref="Outcomes"/>.</summary>
    public void StytchCall(StytchCall call, string outcome, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(call);
        _stytchCalls.Record(elapsed.TotalSeconds, new(StytchOperationTag, call.Operation), new(OutcomeTag, outcome));
    }

    public void ConnectedAppRevoked() => _revocations.Add(1, new KeyValuePair<string, object?>(OutcomeTag, Outcomes.Success));

    public void ConnectedAppRevocationFailed(StytchFailure failure) =>
        _revocations.Add(1, new KeyValuePair<string, object?>(OutcomeTag, Outcomes.Of(failure)));

    /// <summary>The request was refused before Stytch was called (e.g. a malformed Connected App id).</summary>
    public void ConnectedAppRevocationInvalid() => _revocations.Add(1, new KeyValuePair<string, object?>(OutcomeTag, Outcomes.InvalidRequest));

    /// <summary>The user answered the consent screen and Stytch accepted it: <paramref name="granted"/> or denied.</summary>
    public void ConnectedAppAuthorized(bool granted) =>
        _authorizations.Add(1, new KeyValuePair<string, object?>(OutcomeTag, granted ? Outcomes.Granted : Outcomes.Denied));

    public void ConnectedAppAuthorizationFailed(StytchFailure failure) =>
        _authorizations.Add(1, new KeyValuePair<string, object?>(OutcomeTag, Outcomes.Of(failure)));

    public void SessionRefreshed() => _refreshes.Add(1, new KeyValuePair<string, object?>(OutcomeTag, Outcomes.Refreshed));

    /// <summary>Stytch no longer knows the session: it ended.</summary>
    public void SessionEndedAtStytch() => _refreshes.Add(1, new KeyValuePair<string, object?>(OutcomeTag, Outcomes.Ended));

    /// <summary>Stytch could not answer (the session is kept, the request fails), or the refresh threw.</summary>
    public void SessionRefreshFailed(StytchFailure? failure) =>
        _refreshes.Add(1, new KeyValuePair<string, object?>(OutcomeTag, failure is null ? Outcomes.Error : Outcomes.Of(failure)));

    /// <summary>A request failed with 503 because the session store did; the type of <c>cause</c> (e.g. a Redis timeout) is the error.type tag.</summary>
    public void SessionStoreFailed(Exception? cause) =>
        _storeFailures.Add(1, new KeyValuePair<string, object?>("error.type", cause?.GetType().FullName ?? "unknown"));

    /// <summary>A request refused by a rate limit; <c>scope</c> is <c>session</c>, <c>client_address</c> or <c>email_address</c>.</summary>
    public void RateLimitRefused(string scope) => _rateLimitRefusals.Add(1, new KeyValuePair<string, object?>(RateLimitScopeTag, scope));

    /// <summary>The values of <see cref="OutcomeTag"/>.</summary>
    public static class Outcomes
    {
        public const string Success = "success";
        public const string Granted = "granted";
        public const string Denied = "denied";
        public const string Refreshed = "refreshed";
        public const string Ended = "ended";
        public const string InvalidRequest = "invalid_request";
        public const string Error = "error";
        public const string Cancelled = "cancelled";

        /// <summary>A Stytch failure as one of a few fixed values (Stytch's error_type is free text, so it is not used).</summary>
        public static string Of(StytchFailure failure)
        {
            ArgumentNullException.ThrowIfNull(failure);
            return failure.Kind switch
            {
                StytchFailureKind.Timeout => "timeout",
                StytchFailureKind.ConnectionFailed => "unreachable",
                StytchFailureKind.CircuitOpen => "circuit_open",
                StytchFailureKind.InvalidResponse => "invalid_response",
                _ => failure.StatusCode switch
                {
                    400 => "bad_request",
                    401 or 403 => "unauthorized",
                    404 => "not_found",
                    429 => "rate_limited",
                    >= 500 => "stytch_error",
                    _ => "rejected",
                },
            };
        }
    }
}
