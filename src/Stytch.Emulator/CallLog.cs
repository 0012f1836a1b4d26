namespace Stytch.Emulator;

/// <summary>
/// Every request the emulator received, oldest first. Keeps the most recent <see cref="Capacity"/> records;
/// <see cref="Count(string)"/> counts every call since the last <see cref="Clear"/>, even trimmed ones.
/// </summary>
public sealed class CallLog
{
    public const int Capacity = 10_000;

    private readonly Lock _gate = new();
    private readonly Queue<CallRecord> _records = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    internal CallLog()
    {
    }

    /// <summary>A snapshot of the recorded calls, oldest first.</summary>
    public IReadOnlyList<CallRecord> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>How many calls of <paramref name="operation"/> were received since the last <see cref="Clear"/>.</summary>
    public int Count(string operation)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault(operation);
        }
    }

    /// <summary>The recorded calls of one operation, oldest first.</summary>
    public IReadOnlyList<CallRecord> Of(string operation)
    {
        lock (_gate)
        {
            return [.. _records.Where(r => string.Equals(r.Operation, operation, StringComparison.Ordinal))];
        }
    }

    /// <summary>The most recent call of <paramref name="operation"/>, or null.</summary>
    public CallRecord? Last(string operation)
    {
        lock (_gate)
        {
            return _records.LastOrDefault(r => string.Equals(r.Operation, operation, StringComparison.Ordinal));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _records.Clear();
            _counts.Clear();
        }
    }

    internal void Add(CallRecord record)
    {
        lock (_gate)
        {
            _records.Enqueue(record);
            if (_records.Count > Capacity)
            {
                _records.Dequeue();
            }

            if (record.Operation is { } operation)
            {
                _counts[operation] = _counts.GetValueOrDefault(operation) + 1;
            }
        }
    }
}
