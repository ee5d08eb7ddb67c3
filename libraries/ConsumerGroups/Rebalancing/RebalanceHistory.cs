using OrdersAspire.GroupContracts.Rebalancing;
namespace OrdersAspire.ConsumerGroups.Rebalancing;

/// <summary>A member's recent rebalances: the last <see cref="Capacity"/> events and pauses, the pause in progress,
/// and how many rebalances happened in a sliding <see cref="Window"/>. A rebalance is counted at each
/// <see cref="RebalanceKind.Assigned"/> event (every completed rebalance ends with one, possibly empty). A pause starts
/// at the first revoke or loss after an assignment and ends at the next assignment. Pure apart from a lock: times
/// come from the events and from the caller. Safe to use from the rebalance callbacks and a reporting thread.</summary>
public sealed class RebalanceHistory
{
    private const int MaxWindowEntries = 10_000;

    private readonly Lock _lock = new();
    private readonly Queue<RebalanceEvent> _events = new();
    private readonly Queue<RebalancePause> _pauses = new();
    private readonly Queue<DateTimeOffset> _rebalanceTimes = new();
    private RebalanceEvent? _pauseStart;

    public RebalanceHistory(int capacity = 50, TimeSpan? window = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Window = window ?? TimeSpan.FromHours(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Window, TimeSpan.Zero, nameof(window));
        Capacity = capacity;
    }

    public int Capacity { get; }
    public TimeSpan Window { get; }

    /// <summary>Rebalances since the history was created (not bounded by <see cref="Capacity"/>).</summary>
    public long TotalRebalances { get; private set; }

    /// <summary>Records an event; returns the pause it ends, if it is an assignment after a revoke or loss.</summary>
    public RebalancePause? Record(RebalanceEvent rebalance)
    {
        ArgumentNullException.ThrowIfNull(rebalance);
        lock (_lock)
        {
            Enqueue(_events, rebalance);
            if (rebalance.Kind != RebalanceKind.Assigned)
            {
                _pauseStart ??= rebalance;
                return null;
            }

            TotalRebalances++;
            if (_rebalanceTimes.Count == MaxWindowEntries)
                _rebalanceTimes.Dequeue();
            _rebalanceTimes.Enqueue(rebalance.At);
            if (_pauseStart is null)
                return null;
            var pause = new RebalancePause(_pauseStart.At, rebalance.At, _pauseStart.Kind);
            _pauseStart = null;
            Enqueue(_pauses, pause);
            return pause;
        }
    }

    /// <summary>The last events, oldest first, at most <paramref name="max"/> (default: all kept).</summary>
    public IReadOnlyList<RebalanceEvent> Recent(int? max = null)
    {
        lock (_lock)
            return _events.Skip(Math.Max(0, _events.Count - (max ?? _events.Count))).ToList();
    }

    /// <summary>Completed pauses, oldest first (the last <see cref="Capacity"/>).</summary>
    public IReadOnlyList<RebalancePause> Pauses()
    {
        lock (_lock)
            return _pauses.ToList();
    }

    /// <summary>When the pause in progress began (a revoke or loss not yet followed by an assignment), or null.</summary>
    public DateTimeOffset? PausedSince
    {
        get { lock (_lock) return _pauseStart?.At; }
    }

    /// <summary>Rebalances in (now − <see cref="Window"/>, now].</summary>
    public int RebalancesInWindow(DateTimeOffset now)
    {
        lock (_lock)
            return _rebalanceTimes.Count(t => t > now - Window && t <= now);
    }

    /// <summary>The rate over the window, scaled to one hour.</summary>
    public double RebalancesPerHour(DateTimeOffset now) => RebalancesInWindow(now) * (TimeSpan.FromHours(1) / Window);

    private void Enqueue<T>(Queue<T> queue, T item)
    {
        if (queue.Count == Capacity)
            queue.Dequeue();
        queue.Enqueue(item);
    }
}
