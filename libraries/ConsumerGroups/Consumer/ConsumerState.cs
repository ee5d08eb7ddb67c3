namespace OrdersAspire.ConsumerGroups.Consumer;

/// <summary>This member's live state: written by the consumer loop, read by health checks, the HTTP API and
/// the report publisher. All access goes through one lock; the loop holds it only for bookkeeping.</summary>
public sealed class ConsumerState(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, PartitionProgress> _partitions = [];
    private readonly Dictionary<int, string> _blocked = [];
    private readonly RateMeter _rate = new();

    public string? MemberId { get; private set; }
    public ConsumerPhase Phase { get; private set; } = ConsumerPhase.Starting;
    public string? LastError { get; private set; }
    public DateTimeOffset? LastProcessedAt { get; private set; }
    public long Processed { get; private set; }
    public long Duplicates { get; private set; }
    public long DeadLettered { get; private set; }
    public long CommitsAttempted { get; private set; }
    public long CommitsFailed { get; private set; }
    public long HeartbeatFailures { get; private set; }
    public long Rebalances { get; private set; }
    public long TransientFailures { get; private set; }

    public IReadOnlyList<int> AssignedPartitions
    {
        get { lock (_lock) return [.. _partitions.Keys.Order()]; }
    }

    public void SetPhase(ConsumerPhase phase, string? error = null)
    {
        lock (_lock) { Phase = phase; LastError = error ?? LastError; }
    }

    public void SetMemberId(string? memberId)
    {
        lock (_lock) MemberId = string.IsNullOrEmpty(memberId) ? MemberId : memberId;
    }

    public void Assign(IEnumerable<int> partitions)
    {
        lock (_lock)
        {
            foreach (var p in partitions) _partitions.TryAdd(p, new PartitionProgress(p));
            Rebalances++;
        }
    }

    public void Remove(IEnumerable<int> partitions)
    {
        lock (_lock)
        {
            foreach (var p in partitions)
            {
                _partitions.Remove(p);
                _blocked.Remove(p);
            }
            Rebalances++;
        }
    }

    public bool IsAssigned(int partition)
    {
        lock (_lock) return _partitions.ContainsKey(partition);
    }

    public void RecordProcessed(int partition, long nextOffset, int count, int duplicates, int deadLettered)
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
            Processed += count;
            Duplicates += duplicates;
            DeadLettered += deadLettered;
            LastProcessedAt = now;
        }
    }

    public void Committed(int attempted, int failed)
    {
        lock (_lock) { CommitsAttempted += attempted; CommitsFailed += failed; }
    }

    /// <summary>Marks a partition stopped at a dead letter the broker rejects; true when it was not already.</summary>
    public bool Block(int partition, string reason)
    {
        lock (_lock)
        {
            var first = !_blocked.ContainsKey(partition);
            _blocked[partition] = reason;
            return first;
        }
    }

    /// <summary>True when the partition was blocked.</summary>
    public bool Unblock(int partition)
    {
        lock (_lock) return _blocked.Remove(partition);
    }

    /// <summary>Partitions stopped at a rejected dead letter, with the reason.</summary>
    public IReadOnlyDictionary<int, string> BlockedPartitions
    {
        get { lock (_lock) return new SortedDictionary<int, string>(_blocked); }
    }

    public void HeartbeatFailed()
    {
        lock (_lock) HeartbeatFailures++;
    }

    public void TransientFailed(string error)
    {
        lock (_lock) { TransientFailures++; LastError = error; }
    }

    public double RatePerSecond()
    {
        var now = time.GetUtcNow();
        lock (_lock) return _rate.PerSecond(now);
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
