using Microsoft.Extensions.Options;

namespace Bff.Tests.Proxy;

/// <summary>A fixed options value, for building the proxy's parts without a host.</summary>
internal sealed class OptionsMonitorStub<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
