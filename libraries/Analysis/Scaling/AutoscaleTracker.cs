using OrdersAspire.GroupContracts.Scaling;
namespace OrdersAspire.Analysis.Scaling;

/// <summary>The memory the rule needs between samples for one group: the recommendations within the stabilization
/// window and the recent decisions. Applies <see cref="ScalingRule"/>; no I/O, time from the caller; not thread-safe
/// (one sampler owns it).</summary>
public sealed class AutoscaleTracker(string group, AutoscaleSettings settings, int recentCapacity = 50)
{
    private readonly List<(DateTimeOffset At, int Replicas)> _recommendations = [];
    private readonly List<AutoscaleDecision> _recent = [];

    public string Group { get; } = group;

    public AutoscaleSettings Settings { get; } = settings;

    /// <summary>Evaluates the rule for this sample. <see cref="Evaluation.Changed"/> is true when the decision differs
    /// from the previous one in action, current or desired count: that is a decision to log and count.</summary>
    public Evaluation Evaluate(DateTimeOffset now, IReadOnlyCollection<PartitionLoad> partitions, int? currentMembers,
        (double? PerReplica, string Source) capacity, TimeSpan drainTarget)
    {
        var target = ScalingRule.Target(partitions, capacity, drainTarget, Settings);
        // As the HPA does, the count found at the first sample is a recommendation: no scale-down until a window after start.
        if (_recommendations.Count == 0 && currentMembers is { } seen)
        {
            _recommendations.Add((now, seen));
        }

        _recommendations.RemoveAll(r => r.At <= now - Settings.Cooldown);
        var stabilized = ScalingRule.Stabilized(_recommendations, now, Settings.Cooldown, target.Replicas);
        _recommendations.Add((now, target.Replicas));
        var step = ScalingRule.Step(currentMembers, target.Replicas, stabilized, target.Ceiling, Settings);
        // The count a step moves to is a recommendation too: the next scale-down waits a full window after this one.
        if (step.Desired is { } desired && desired != currentMembers)
        {
            _recommendations.Add((now, desired));
        }

        var decision = new AutoscaleDecision(now, Group, step.Action, step.Current, step.Desired, target.Replicas, stabilized, target.KedaReplicas,
            target.Basis, step.Reason, target.TotalLag, partitions.OrderBy(p => p.Partition).ToDictionary(p => p.Partition, p => p.Lag),
            target.IncomingRate, target.PerReplicaRate, target.CapacitySource, target.Explanation);
        var previous = _recent.Count > 0 ? _recent[^1] : null;
        var changed = previous is null || previous.Action != decision.Action || previous.Current != decision.Current || previous.Desired != decision.Desired;
        if (changed)
        {
            _recent.Add(decision);
            if (_recent.Count > recentCapacity)
            {
                _recent.RemoveAt(0);
            }
        }
        return new Evaluation(new AutoscaleStatus(Group, Settings, decision, [.. _recent]), changed);
    }

    public sealed record Evaluation(AutoscaleStatus Status, bool Changed);
}
