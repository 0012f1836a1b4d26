namespace Bff.Tests.Infrastructure;

/// <summary>
/// For every test: a BFF on the test server with a strict Stytch double (<see cref="BffFactory"/>), started on first
/// use and disposed after the test. Tests add their own users and Stytch answers.
/// </summary>
public abstract class BffTest : IAsyncLifetime
{
    protected BffFactory Factory { get; } = new();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
