namespace OrdersAspire.Analysis;

/// <summary>How many replicas the group needs to drain its lag within the target time. <see cref="RecommendedReplicas"/>
/// is null when the per-replica capacity is unknown (<see cref="CapacitySource"/> <c>unknown</c>): then there is no
/// advice, and <see cref="Explanation"/> says how to get one.</summary>
public sealed record ReplicaAdvice(
    int? CurrentReplicas,
    int? RecommendedReplicas,
    int Partitions,
    double RequiredRate,
    double? PerReplicaRate,
    string CapacitySource,
    TimeSpan Target,
    bool CappedAtPartitions,
    int? LimitingPartition,
    string Explanation);

/// <summary>Where the per-replica capacity comes from.</summary>
public static class CapacitySources
{
    /// <summary>Given with the request (<c>replicaRate</c>).</summary>
    public const string Request = "request";
    /// <summary>Configured: <c>Analyzer:Alerts:CapacityPerReplica</c>.</summary>
    public const string Configured = "configured";
    /// <summary>Measured while the group had lag (<see cref="CapacityEstimator"/>).</summary>
    public const string Measured = "measured";
    public const string Unknown = "unknown";
}
