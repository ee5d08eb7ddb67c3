namespace OrdersAspire.Bench.Rebalancing;

/// <summary>One measured rebalance: the longest time any partition went without a newly processed order, between
/// the trigger and the group being settled again; null when the group did not settle in time.</summary>
public sealed record PauseSample(RebalanceTrigger Trigger, double? PauseSeconds, int Partition, string Note);
