namespace Stytch.Emulator;

/// <summary>
/// Pending faults, consumed in the order they were added. Thread-safe: each matching call takes one use of the first
/// pending fault for its operation.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<PendingFault> _pending = [];

    internal FaultInjector()
    {
    }

    /// <summary>The faults still pending, with the uses left of each.</summary>
    public IReadOnlyList<(Fault Fault, int Remaining)> Pending
    {
        get
        {
            lock (_gate)
            {
                return [.. _pending.Select(p => (p.Fault, p.Remaining))];
            }
        }
    }

    /// <summary>Queues a fault. Throws when it names no effect or a status outside 400–599.</summary>
    public void Add(Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        Validate(fault);
        lock (_gate)
        {
            _pending.Add(new PendingFault(fault, fault.Times));
        }
    }

    /// <summary>Removes every pending fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
        }
    }

    /// <summary>Takes one use of the first pending fault that matches <paramref name="operation"/>.</summary>
    internal Fault? TryTake(string operation)
    {
        lock (_gate)
        {
            for (var i = 0; i < _pending.Count; i++)
            {
                var pending = _pending[i];
                if (pending.Fault.Operation is not null && !string.Equals(pending.Fault.Operation, operation, StringComparison.Ordinal))
                {
                    continue;
                }

                if (pending.Fault.Times != int.MaxValue)
                {
                    pending.Remaining--;
                    if (pending.Remaining <= 0)
                    {
                        _pending.RemoveAt(i);
                    }
                }

                return pending.Fault;
            }

            return null;
        }
    }

    private static void Validate(Fault fault)
    {
        if (fault.Times < 1)
        {
            throw new ArgumentException("Times must be at least 1.", nameof(fault));
        }

        if (fault.Operation is { } operation && !EmulatorOperations.Faultable.Contains(operation))
        {
            throw new ArgumentException(
                $"Unknown operation '{operation}'; use one of {string.Join(", ", EmulatorOperations.Faultable)} (or none for every operation).",
                nameof(fault));
        }

        if (fault.Status is { } status && status is < 400 or > 599)
        {
            throw new ArgumentException("Status must be an error status (400-599).", nameof(fault));
        }

        if (fault.Delay is { } delay && (delay < TimeSpan.Zero || delay > TimeSpan.FromMinutes(10)))
        {
            throw new ArgumentException("Delay must be between zero and ten minutes.", nameof(fault));
        }

        if (fault.RetryAfterSeconds is < 0)
        {
            throw new ArgumentException("RetryAfterSeconds cannot be negative.", nameof(fault));
        }

        if (fault.Status is null && fault.Delay is null && !fault.CloseConnection && !fault.NonJsonBody)
        {
            throw new ArgumentException("A fault needs a Status, a Delay, CloseConnection or NonJsonBody.", nameof(fault));
        }
    }

    private sealed class PendingFault(Fault fault, int remaining)
    {
        public Fault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;
    }
}
