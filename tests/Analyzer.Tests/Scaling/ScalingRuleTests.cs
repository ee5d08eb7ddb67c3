using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Scaling;
using OrdersAspire.GroupContracts.Scaling;

namespace OrdersAspire.Analyzer.Tests.Scaling;

public class ScalingRuleTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);

    private static PartitionLoad[] Loads(long[] lags, double[]? incoming = null) =>
        [.. lags.Select((lag, p) => new PartitionLoad(p, lag, incoming?[p] ?? 0))];

    private static AutoscaleSettings Settings(int min = 1, int max = 6, long threshold = 1000, long activation = 10) =>
        new() { Enabled = true, Min = min, Max = max, LagThreshold = threshold, ActivationLagThreshold = activation };

    private static (double?, string) Capacity(double? perReplica) =>
        perReplica is { } c ? (c, CapacitySources.Measured) : (null, CapacitySources.Unknown);

    /// <summary>name, lag per partition, incoming per partition, capacity per replica, settings → target, basis, KEDA's count.</summary>
    public static TheoryData<string, long[], double[]?, double?, AutoscaleSettings, int, string, int> Cases => new()
    {
        { "KEDA's formula: 2,500 lag at 1,000 per replica → ⌈2.5⌉ = 3", [500, 500, 500, 500, 250, 250], null, null, Settings(), 3, ScalingBases.Lag, 3 },
        { "an exact multiple is not rounded up: 3,000 → 3", [1000, 1000, 1000, 0, 0, 0], null, null, Settings(), 3, ScalingBases.Lag, 3 },
        { "capped at the partitions (allowIdleConsumers false): 30,000 → 6 of 10", [5000, 5000, 5000, 5000, 5000, 5000], null, null, Settings(max: 10), 6, ScalingBases.Lag, 6 },
        { "capped at Max", [2000, 2000, 2000, 2000, 2000, 2000], null, null, Settings(max: 4), 4, ScalingBases.Ceiling, 4 },
        { "at least Min", [200, 0, 0, 0, 0, 0], null, null, Settings(min: 2), 2, ScalingBases.Min, 2 },
        { "at the activation threshold: the lag asks for nothing → Min", [5, 5, 0, 0, 0, 0], null, null, Settings(), 1, ScalingBases.BelowActivation, 1 },
        { "below activation with Min 2 → 2", [3, 0, 0, 0, 0, 0], null, null, Settings(min: 2), 2, ScalingBases.BelowActivation, 2 },
        { "just above activation: 11 → 1", [11, 0, 0, 0, 0, 0], null, null, Settings(), 1, ScalingBases.Lag, 1 },
        { "activation 0 (KEDA's default): any lag activates", [1, 0, 0, 0, 0, 0], null, null, Settings(activation: 0), 1, ScalingBases.Lag, 1 },
        { "hot partition: one partition carries 50,000; KEDA scales to 6, the rule to 1", [50_000, 0, 0, 0, 0, 0], null, null, Settings(), 1, ScalingBases.Lag, 6 },
        { "hot partition plus 800 elsewhere: 2, not 6", [50_000, 800, 0, 0, 0, 0], null, null, Settings(), 2, ScalingBases.Lag, 6 },
        { "every partition over the threshold: as KEDA, one per partition", [9000, 9000, 9000, 9000, 9000, 9000], null, null, Settings(), 6, ScalingBases.Lag, 6 },
        { "capacity: 6,000 lag that one replica drains within the target needs no scale-out",
            [1000, 1000, 1000, 1000, 1000, 1000], [10, 10, 10, 10, 10, 10], 500, Settings(), 1, ScalingBases.Drain, 6 },
        { "capacity: the lag needs more than one replica to drain in time → as the lag asks, at most",
            [1000, 1000, 1000, 1000, 1000, 1000], [10, 10, 10, 10, 10, 10], 50, Settings(), 4, ScalingBases.Drain, 6 },
        { "capacity: no lag, but 600/s incoming at 150/s per replica needs 4 to keep up",
            [0, 0, 0, 0, 0, 0], [100, 100, 100, 100, 100, 100], 150, Settings(), 4, ScalingBases.KeepUp, 1 },
        { "capacity: a hot partition beyond one replica's capacity counts as one replica, not the maximum",
            [40_000, 0, 0, 0, 0, 0], [1000, 10, 10, 10, 10, 10], 200, Settings(), 2, ScalingBases.KeepUp, 6 },
        { "no partitions known → Min", [], null, null, Settings(min: 2), 2, ScalingBases.NoPartitions, 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Target_replicas(string name, long[] lags, double[]? incoming, double? capacity, AutoscaleSettings settings,
        int expected, string basis, int keda)
    {
        var target = ScalingRule.Target(Loads(lags, incoming), Capacity(capacity), Minute, settings);
        Assert.True(expected == target.Replicas && basis == target.Basis && keda == target.KedaReplicas,
            $"{name}: got {target.Replicas} ({target.Basis}), KEDA {target.KedaReplicas}: {target.Explanation}");
    }

    [Fact]
    public void A_hot_partition_is_named_with_why_more_replicas_would_not_help()
    {
        var target = ScalingRule.Target(Loads([50_000, 0, 0, 0, 0, 0]), Capacity(null), Minute, Settings());
        Assert.Equal([0], target.PartitionsOverThreshold);
        Assert.Contains("partition(s) 0 carry lag beyond one replica's share", target.Explanation);
        Assert.Contains("KEDA asks for 6", target.Explanation);
    }

    [Fact]
    public void A_partition_beyond_one_replicas_capacity_is_the_limit()
    {
        var target = ScalingRule.Target(Loads([40_000, 0, 0, 0, 0, 0], [1000, 10, 10, 10, 10, 10]), Capacity(200), Minute, Settings());
        Assert.Equal(0, target.LimitingPartition);
        Assert.Contains("no replica count drains it in time", target.Explanation);
    }

    [Fact]
    public void Capped_at_the_partitions_is_said()
    {
        var target = ScalingRule.Target(Loads([5000, 5000, 5000, 5000, 5000, 5000]), Capacity(null), Minute, Settings(max: 10));
        Assert.True(target.CappedAtPartitions);
        Assert.Contains("capped at the 6 partitions: 30 would be asked", target.Explanation);
    }

    [Fact]
    public void Refuses_a_non_positive_drain_target_or_threshold()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalingRule.Target(Loads([1]), Capacity(null), TimeSpan.Zero, Settings()));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalingRule.Target(Loads([1]), Capacity(null), Minute, Settings(threshold: 0)));
    }

    /// <summary>current, target, stabilized, ceiling, settings → desired, action.</summary>
    public static TheoryData<string, int?, int, int, int, AutoscaleSettings, int?, string> Steps => new()
    {
        { "scale-up is immediate", 2, 5, 5, 6, Settings(), 3, ScalingActions.ScaleUp },
        { "one replica at a time, however far the target", 1, 6, 6, 6, Settings(), 2, ScalingActions.ScaleUp },
        { "scale-down waits while the window holds a higher recommendation", 4, 1, 4, 6, Settings(), 4, ScalingActions.Hold },
        { "scale-down once every recommendation in the window is lower, one step", 4, 1, 2, 6, Settings(), 3, ScalingActions.ScaleDown },
        { "at target", 3, 3, 3, 6, Settings(), 3, ScalingActions.Hold },
        { "below Min: up, one step", 1, 2, 2, 6, Settings(min: 3), 2, ScalingActions.ScaleUp },
        { "above the ceiling: down without waiting", 6, 4, 6, 4, Settings(max: 4), 5, ScalingActions.ScaleDown },
        { "membership unknown: nothing moves", null, 4, 4, 6, Settings(), null, ScalingActions.Hold },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void One_step(string name, int? current, int target, int stabilized, int ceiling, AutoscaleSettings settings, int? desired, string action)
    {
        var step = ScalingRule.Step(current, target, stabilized, ceiling, settings);
        Assert.True(desired == step.Desired && action == step.Action, $"{name}: got {step.Action} → {step.Desired}: {step.Reason}");
    }

    [Fact]
    public void Stabilized_is_the_highest_recommendation_within_the_window()
    {
        var t0 = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        (DateTimeOffset, int)[] history = [(t0, 5), (t0.AddSeconds(30), 3), (t0.AddSeconds(50), 2)];
        Assert.Equal(5, ScalingRule.Stabilized(history, t0.AddSeconds(59), Minute, 1));
        Assert.Equal(3, ScalingRule.Stabilized(history, t0.AddSeconds(60), Minute, 1)); // the 5 is a full window old
        Assert.Equal(1, ScalingRule.Stabilized(history, t0.AddSeconds(200), Minute, 1));
    }
}
