namespace OrdersAspire.GroupContracts.Assignment;

/// <summary>A partition whose owner differs from the previous assignment. <see cref="From"/> is null when nobody
/// owned it before (a new partition); <see cref="To"/> is null when no member can take it (no members).</summary>
public sealed record PartitionMove(AssignedPartition Partition, string? From, string? To);
