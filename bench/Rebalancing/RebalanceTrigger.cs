namespace OrdersAspire.Bench.Rebalancing;

/// <summary>What caused a measured rebalance.</summary>
public enum RebalanceTrigger
{
    GracefulStop,
    ScaleUp,
    Kill,
}
