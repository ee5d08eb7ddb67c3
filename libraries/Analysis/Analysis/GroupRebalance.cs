namespace OrdersAspire.Analysis;

/// <summary>One group-wide rebalance pieced together from its members' callbacks: when it started and ended, its
/// kind (<c>join</c> when nobody gave partitions up, <c>revoke</c> for an orderly rebalance, <c>lost</c> when a
/// member lost partitions), how long partitions were paused (first revoke/loss to last assignment), the members
/// involved and the partitions that changed owner. <see cref="Cause"/> names the autoscale step that set it off, when one
/// did (see <see cref="RebalanceTimeline.AttributeScaling"/>).</summary>
public sealed record GroupRebalance(
    DateTimeOffset At,
    DateTimeOffset EndedAt,
    string Kind,
    TimeSpan Pause,
    bool Completed,
    int? Generation,
    IReadOnlyList<string> Members,
    IReadOnlyList<PartitionOwnerChange> PartitionsMoved,
    string? Cause = null);

public sealed record PartitionOwnerChange(int Partition, string? From, string? To);
