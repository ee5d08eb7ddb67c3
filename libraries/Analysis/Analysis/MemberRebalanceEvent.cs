using OrdersAspire.GroupContracts.Rebalancing;

namespace OrdersAspire.Analysis;

/// <summary>A rebalance callback seen by one member (identified by its replica id).</summary>
public sealed record MemberRebalanceEvent(string Replica, RebalanceEvent Event);
