using System.Diagnostics;

namespace Bff.Telemetry;

/// <summary>
/// The BFF's own spans (one per Stytch call, around its attempts). <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null, allocating nothing, while no tracer listens.
/// </summary>
public static class BffActivitySource
{
    public const string Name = "Bff";

    public const string StytchRequestIdTag = "stytch.request_id";
    public const string StytchAttemptsTag = "stytch.attempts";
    public const string BffRequestIdTag = "bff.request_id";

    public static ActivitySource Instance { get; } = new(Name, typeof(BffActivitySource).Assembly.GetName().Version?.ToString());

    /// <summary>The current activity if it is a Stytch call span that records data, else null.</summary>
    public static Activity? CurrentStytchCall() =>
        Activity.Current is { IsAllDataRequested: true } current && ReferenceEquals(current.Source, Instance) ? current : null;
}
