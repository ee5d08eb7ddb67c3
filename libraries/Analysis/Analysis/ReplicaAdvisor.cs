using OrdersAspire.Analysis.Scaling;
using OrdersAspire.GroupContracts.Scaling;

namespace OrdersAspire.Analysis;

/// <summary>Replica advice is the autoscaler's rule (<see cref="ScalingRule.Target"/>) applied to the group's latest
/// sample, so the two never disagree: KEDA's ⌈lag ÷ LagThreshold⌉ with each partition's lag counted up to one threshold,
/// bounded by what the measured capacity needs to drain the lag within the target time and to keep up with the incoming
/// rate, at least Min, at most Max and the partition count. The settings are the group's autoscale settings where it has
/// them, else <see cref="AutoscaleSettings.AdviceDefaults"/>. The capacity is what one replica processes when it has a
/// backlog (requested, configured or measured while the group lagged), never the rate of a caught-up group; without one
/// the lag alone decides and the explanation says so.</summary>
public static class ReplicaAdvisor
{
    /// <summary>The capacity to advise with: the request's, else the configured one (&gt; 0), else the measured one.</summary>
    public static (double? PerReplica, string Source) Capacity(double? requested, double configured, double? measured) =>
        requested is > 0 ? (requested, CapacitySources.Request)
        : configured > 0 ? (configured, CapacitySources.Configured)
        : measured is > 0 ? (measured, CapacitySources.Measured)
        : (null, CapacitySources.Unknown);

    /// <param name="partitions">partition → (lag, incoming rate).</param>
    /// <param name="currentReplicas">live members; null when the membership is unknown.</param>
    /// <param name="capacity">messages per second one replica processes, and where that figure comes from.</param>
    /// <param name="settings">the group's autoscale settings; null for <see cref="AutoscaleSettings.AdviceDefaults"/>.</param>
    public static ReplicaAdvice Advise(
        IReadOnlyDictionary<int, (long Lag, double IncomingRate)> partitions,
        int? currentReplicas,
        (double? PerReplica, string Source) capacity,
        TimeSpan target,
        AutoscaleSettings? settings = null)
    {
        settings ??= AutoscaleSettings.AdviceDefaults();
        var loads = partitions.Select(p => new PartitionLoad(p.Key, p.Value.Lag, p.Value.IncomingRate)).ToList();
        var rule = ScalingRule.Target(loads, capacity, target, settings);
        var recommended = rule.Basis == ScalingBases.NoPartitions ? (int?)null : rule.Replicas;
        return new(currentReplicas, recommended, rule.Partitions, rule.RequiredRate, rule.PerReplicaRate, rule.CapacitySource, target,
            rule.CappedAtPartitions, rule.LimitingPartition, rule.Explanation, rule.KedaReplicas, rule.Basis, settings.LagThreshold, rule.PartitionsOverThreshold);
    }
}
