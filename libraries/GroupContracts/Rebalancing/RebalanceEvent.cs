namespace OrdersAspire.GroupContracts.Rebalancing;

/// <summary>One rebalance callback as this member saw it. <see cref="Generation"/> is the group generation when the
/// client exposes it (null otherwise).</summary>
public sealed record RebalanceEvent(
    DateTimeOffset At,
    RebalanceKind Kind,
    IReadOnlyList<int> Partitions,
    string MemberId,
    int? Generation = null);
