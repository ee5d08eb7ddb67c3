namespace OrdersAspire.Analysis.Scaling;

/// <summary>How many replicas the group should have, by <see cref="ScalingRule.Target"/>, and every figure that led
/// there. <see cref="Replicas"/> is the rule's answer within Min..min(Max, partitions); the autoscaler moves towards
/// it one replica at a time and the advice shows it.</summary>
public sealed record ScalingTarget(
    int Replicas,
    string Basis,
    int KedaReplicas,
    int LagReplicas,
    int? KeepUpReplicas,
    int? DrainReplicas,
    long TotalLag,
    double IncomingRate,
    double RequiredRate,
    double? PerReplicaRate,
    string CapacitySource,
    int Partitions,
    int Ceiling,
    bool CappedAtPartitions,
    int? LimitingPartition,
    IReadOnlyList<int> PartitionsOverThreshold,
    string Explanation);

/// <summary>What decided <see cref="ScalingTarget.Replicas"/>.</summary>
public static class ScalingBases
{
    /// <summary>No partitions known yet: Min.</summary>
    public const string NoPartitions = "no-partitions";
    /// <summary>Total lag at or below ActivationLagThreshold: the lag asks for nothing (Min, or what keeps up).</summary>
    public const string BelowActivation = "below-activation";
    /// <summary>KEDA's count, each partition's lag counted up to one LagThreshold.</summary>
    public const string Lag = "lag";
    /// <summary>Fewer than the lag asks for: at the measured capacity they drain it within the target time.</summary>
    public const string Drain = "drain";
    /// <summary>More than the lag asks for: needed to keep up with the incoming rate at the measured capacity.</summary>
    public const string KeepUp = "keep-up";
    /// <summary>Raised to Min.</summary>
    public const string Min = "min";
    /// <summary>Lowered to Max or the partition count.</summary>
    public const string Ceiling = "ceiling";
}
