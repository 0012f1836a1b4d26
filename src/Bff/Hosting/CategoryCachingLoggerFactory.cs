using System.Collections.Concurrent;

namespace Bff.Hosting;

/// <summary>
/// Serilog's <see cref="ILoggerFactory"/> builds a new logger on every <c>CreateLogger</c> call, and ASP.NET Core's
/// authentication handlers are created (and ask for a logger) on every request. This keeps one logger per category,
/// as Microsoft's own factory does.
/// </summary>
internal sealed class CategoryCachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, inner.CreateLogger);

    public void AddProvider(ILoggerProvider provider)
    {
        inner.AddProvider(provider);
        _loggers.Clear();
    }

    public void Dispose() => inner.Dispose();
}
