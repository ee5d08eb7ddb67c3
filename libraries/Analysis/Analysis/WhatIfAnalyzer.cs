using OrdersAspire.GroupContracts.Assignment;

namespace OrdersAspire.Analysis;

/// <summary>Balance of a hypothetical group: the assignment predictor's plan for a strategy and replica count
/// (members named replica-1..n, a fresh group), loaded with the measured incoming rate per partition (partition counts
/// when nothing flows).</summary>
public static class WhatIfAnalyzer
{
    public const int MaxReplicas = 1000;

    public static WhatIfResult Evaluate(AssignmentStrategy strategy, int replicas, int partitionCount, IReadOnlyDictionary<int, double> incomingRates, string topic)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicas, MaxReplicas);
        var members = Enumerable.Range(1, replicas).Select(i => $"replica-{i:D4}").ToList();
        var plan = AssignmentPredictor.Predict(strategy, members, partitionCount, previous: null, topic: topic);
        var owned = plan.Members.Select(m => plan.PartitionsOf(m, topic)).ToList();
        var loads = LoadBalance.MemberLoads(owned, incomingRates);
        var byRate = owned.Sum(ps => ps.Sum(p => incomingRates.GetValueOrDefault(p))) > 0;
        var rows = plan.Members.Select((m, i) => new WhatIfMember($"replica-{i + 1}", owned[i], Math.Round(loads[i], 3))).ToList();
        return new WhatIfResult(
            strategy.ToLibrdkafkaName(),
            replicas,
            rows,
            LoadBalance.PartitionSpread(owned.Select(o => o.Count)),
            Math.Round(LoadBalance.ImbalancePercent(loads), 2),
            loads.Count == 0 ? 0 : Math.Round(loads.Max(), 3),
            owned.Count(o => o.Count == 0),
            byRate);
    }

    /// <summary>Every strategy × replica counts 1..min(partitions, <paramref name="maxReplicas"/>).</summary>
    public static IReadOnlyList<WhatIfResult> Table(int partitionCount, IReadOnlyDictionary<int, double> incomingRates, string topic, int maxReplicas)
    {
        var top = Math.Max(1, Math.Min(partitionCount, maxReplicas));
        return Enum.GetValues<AssignmentStrategy>()
            .SelectMany(s => Enumerable.Range(1, top).Select(r => Evaluate(s, r, partitionCount, incomingRates, topic)))
            .ToList();
    }
}
