namespace OrdersAspire.Analysis;

public static class AlertNames
{
    public const string LagHigh = "lag-high";
    public const string ProcessingRateLow = "processing-rate-low";
    public const string RebalancesFrequent = "rebalances-frequent";
    public const string ImbalanceHigh = "imbalance-high";
    public const string HeartbeatFailures = "heartbeat-failures";
    public const string CommitSuccessLow = "commit-success-low";
    public const string GroupUnhealthy = "group-unhealthy";
    public const string HotPartition = "hot-partition";
    public const string ConsumerDown = "consumer-down";
    public const string DataLost = "data-lost";

    public static readonly IReadOnlyList<string> All =
        [LagHigh, ProcessingRateLow, RebalancesFrequent, ImbalanceHigh, HeartbeatFailures, CommitSuccessLow, GroupUnhealthy, HotPartition, ConsumerDown, DataLost];
}
