using OrdersAspire.GroupContracts.Rebalancing;
namespace OrdersAspire.ConsumerGroups.Rebalancing;

/// <summary>A stretch without (some of) its partitions: from a revoke or loss to the next assignment.</summary>
public sealed record RebalancePause(DateTimeOffset From, DateTimeOffset To, RebalanceKind Cause)
{
    public TimeSpan Duration => To - From;
}
