using System.Collections.Concurrent;
using System.Text.Json;

namespace Bench.Stub;

/// <summary>Stytch calls by name, counted as they arrive.</summary>
public sealed class CallCounters
{
    private readonly ConcurrentDictionary<string, StrongBox> _counts = new(StringComparer.Ordinal);

    public void Add(string call) => Interlocked.Increment(ref _counts.GetOrAdd(call, _ => new StrongBox()).Value);

    public void Reset()
    {
        foreach (var box in _counts.Values)
        {
            Interlocked.Exchange(ref box.Value, 0);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(_counts.ToDictionary(kv => kv.Key, kv => Interlocked.Read(ref kv.Value.Value)));

    private sealed class StrongBox
    {
        public long Value;
    }
}
