namespace Bff.Tests.Proxy;

/// <summary>For every test: a recording upstream on loopback and a BFF whose proxy routes point at it.</summary>
public abstract class ProxyTest : IAsyncLifetime
{
    protected RecordingUpstream Upstream { get; private set; } = null!;

    protected ProxyBffFactory Factory { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Upstream = await RecordingUpstream.StartAsync(TestContext.Current.CancellationToken);
        Factory = new ProxyBffFactory(Upstream);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Upstream.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
