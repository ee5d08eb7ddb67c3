using OrdersAspire.GroupContracts.Reports;

namespace OrdersAspire.ConsumerGroups.Consumer;

/// <summary>This member's live state: read by health checks, the HTTP API and the report publisher; written by
/// <see cref="ConsumerEventRecorder"/> (which defines its counters) and, for the loop's phase, by the loop. All access
/// goes through one lock, held only for bookkeeping.</summary>
public sealed class ConsumerState(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, PartitionProgress> _partitions = [];
    private readonly Dictionary<int, string> _blocked = [];
    private readonly RateMeter _rate = new();
    private long _processed, _duplicates, _deadLettered, _commitsAttempted, _commitsFailed, _heartbeatFailures, _rebalances, _transientFailures;

    public string? MemberId { get; private set; }
    public ConsumerPhase Phase { get; private set; } = ConsumerPhase.Starting;
    public string? LastError { get; private set; }
    public DateTimeOffset? LastProcessedAt { get; private set; }

    public IReadOnlyList<int> AssignedPartitions
    {
        get
        {
            lock (_lock)
            {
                return [.. _partitions.Keys.Order()];
            }
        }
    }

    /// <summary>The counters, taken together: <c>/api/consumer</c> and the reports both show this snapshot.</summary>
    public ConsumerCounters Counters()
    {
        lock (_lock)
        {
            return new ConsumerCounters(_processed, _duplicates, _deadLettered, _commitsAttempted, _commitsFailed,
                _heartbeatFailures, _rebalances, _transientFailures);
        }
    }

    /// <summary>Partitions stopped at a dead letter the broker rejects, with the reason.</summary>
    public IReadOnlyDictionary<int, string> BlockedPartitions
    {
        get
        {
            lock (_lock)
            {
                return new SortedDictionary<int, string>(_blocked);
            }
        }
    }

    public double RatePerSecond()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            return _rate.PerSecond(now);
        }
    }

    public IReadOnlyList<PartitionSnapshot> Partitions()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            return [.. _partitions.Values.OrderBy(p => p.Partition).Select(p =>
                new PartitionSnapshot(p.Partition, p.Position, p.Processed, p.Rate.PerSecond(now), p.LastProcessedAt))];
        }
    }

    internal void SetPhase(ConsumerPhase phase, string? error = null)
    {
        lock (_lock) { Phase = phase; LastError = error ?? LastError; }
    }

    /// <summary>A completed rebalance gave this member <paramref name="partitions"/> (possibly none).</summary>
    internal IReadOnlyList<int> Assign(string? memberId, IEnumerable<int> partitions)
    {
        lock (_lock)
        {
            MemberId = string.IsNullOrEmpty(memberId) ? MemberId : memberId;
            foreach (var p in partitions)
            {
                _partitions.TryAdd(p, new PartitionProgress(p));
            }

            _rebalances++;
            return [.. _partitions.Keys.Order()];
        }
    }

    internal IReadOnlyList<int> Remove(IEnumerable<int> partitions)
    {
        lock (_lock)
        {
            foreach (var p in partitions)
            {
                _partitions.Remove(p);
                _blocked.Remove(p);
            }
            return [.. _partitions.Keys.Order()];
        }
    }

    internal void BatchProcessed(int partition, long nextOffset, int count, int duplicates)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_partitions.TryGetValue(partition, out var progress))
            {
                progress.Position = nextOffset;
                progress.Processed += count;
                progress.Rate.Add(count, now);
                progress.LastProcessedAt = now;
            }
            _rate.Add(count, now);
            _processed += count;
            _duplicates += duplicates;
            LastProcessedAt = now;
        }
    }

    internal void DeadLettered()
    {
        lock (_lock)
        {
            _deadLettered++;
        }
    }

    internal void CommitCompleted(bool success)
    {
        lock (_lock)
        {
            _commitsAttempted++; if (!success)
            {
                _commitsFailed++;
            }
        }
    }

    internal void HeartbeatFailed()
    {
        lock (_lock)
        {
            _heartbeatFailures++;
        }
    }

    internal void TransientFailed(string error)
    {
        lock (_lock) { _transientFailures++; LastError = error; Phase = ConsumerPhase.Retrying; }
    }

    /// <summary>Marks a partition stopped at a dead letter the broker rejects; the blocked count when it was not
    /// already, else null.</summary>
    internal int? Block(int partition, string reason)
    {
        lock (_lock)
        {
            var first = !_blocked.ContainsKey(partition);
            _blocked[partition] = reason;
            return first ? _blocked.Count : null;
        }
    }

    /// <summary>The blocked count when the partition was blocked, else null.</summary>
    internal int? Unblock(int partition)
    {
        lock (_lock)
        {
            return _blocked.Remove(partition) ? _blocked.Count : null;
        }
    }

    private sealed class PartitionProgress(int partition)
    {
        public int Partition { get; } = partition;
        public long? Position { get; set; }
        public long Processed { get; set; }
        public RateMeter Rate { get; } = new();
        public DateTimeOffset? LastProcessedAt { get; set; }
    }
}

public enum ConsumerPhase { Starting, Running, Retrying, Stopping, Stopped, Failed }

/// <summary>One assigned partition as this member sees it: <see cref="Position"/> is the next offset to process.</summary>
public sealed record PartitionSnapshot(int Partition, long? Position, long Processed, double RatePerSecond, DateTimeOffset? LastProcessedAt);
