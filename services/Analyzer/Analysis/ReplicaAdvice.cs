namespace OrdersAspire.Analyzer.Analysis;

/// <summary>How many replicas the group needs to drain its lag within the target time.</summary>
public sealed record ReplicaAdvice(
    int CurrentReplicas,
    int RecommendedReplicas,
    int Partitions,
    double RequiredRate,
    double PerReplicaRate,
    TimeSpan Target,
    bool CappedAtPartitions,
    int? LimitingPartition,
    string Explanation);
