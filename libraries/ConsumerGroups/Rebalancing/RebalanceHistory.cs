using OrdersAspire.GroupContracts.Rebalancing;
namespace OrdersAspire.ConsumerGroups.Rebalancing;

/// <summary>A member's last <see cref="Capacity"/> rebalance events (published in its reports) and the pause in
/// progress: a pause starts at the first revoke or loss after an assignment and ends at the next assignment. Pure
/// apart from a lock: times come from the events. Safe to use from the rebalance callbacks and a reporting thread.</summary>
public sealed class RebalanceHistory
{
    private readonly Lock _lock = new();
    private readonly Queue<RebalanceEvent> _events = new();
    private RebalanceEvent? _pauseStart;

    public RebalanceHistory(int capacity = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>Records an event; returns the pause it ends, if it is an assignment after a revoke or loss.</summary>
    public RebalancePause? Record(RebalanceEvent rebalance)
    {
        ArgumentNullException.ThrowIfNull(rebalance);
        lock (_lock)
        {
            if (_events.Count == Capacity)
            {
                _events.Dequeue();
            }

            _events.Enqueue(rebalance);
            if (rebalance.Kind != RebalanceKind.Assigned)
            {
                _pauseStart ??= rebalance;
                return null;
            }
            if (_pauseStart is null)
            {
                return null;
            }

            var pause = new RebalancePause(_pauseStart.At, rebalance.At, _pauseStart.Kind);
            _pauseStart = null;
            return pause;
        }
    }

    /// <summary>The last events, oldest first, at most <paramref name="max"/> (default: all kept).</summary>
    public IReadOnlyList<RebalanceEvent> Recent(int? max = null)
    {
        lock (_lock)
        {
            return _events.Skip(Math.Max(0, _events.Count - (max ?? _events.Count))).ToList();
        }
    }
}
