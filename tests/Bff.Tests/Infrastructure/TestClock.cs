namespace Bff.Tests.Infrastructure;

/// <summary>
/// Wall-clock time shifted by an offset the test controls. Timers and timestamps stay real, so timeouts and retry
/// delays in the app behave normally while session and JWT lifetimes can be jumped over.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
