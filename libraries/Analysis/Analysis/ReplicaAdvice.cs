namespace OrdersAspire.Analysis;

/// <summary>How many replicas the group needs, by the autoscaler's rule (see <see cref="ReplicaAdvisor"/>).
/// <see cref="RecommendedReplicas"/> is null only while no partition is known. <see cref="KedaReplicas"/> is what KEDA's
/// Kafka scaler would ask for from the same lag; <see cref="Basis"/> names what decided (see
/// <see cref="Scaling.ScalingBases"/>). <see cref="CapacitySource"/> <c>unknown</c>: the lag alone decided, and
/// <see cref="Explanation"/> says how to give the rule a capacity.</summary>
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
    string Explanation,
    int KedaReplicas,
    string Basis,
    long LagThreshold,
    IReadOnlyList<int> PartitionsOverThreshold);

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
