using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Scaling;
using OrdersAspire.GroupContracts.Scaling;

namespace OrdersAspire.Analyzer.Tests.Scaling;

/// <summary>The rule over time: one sample per second, members following the decisions as a scaler would.</summary>
public class AutoscaleTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly (double?, string) NoCapacity = (null, CapacitySources.Unknown);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(300);

    private static AutoscaleSettings Settings(int cooldownSeconds = 10) =>
        new() { Enabled = true, Min = 1, Max = 6, LagThreshold = 1000, ActivationLagThreshold = 10, CooldownSeconds = cooldownSeconds };

    private static PartitionLoad[] Lag(long each) => [.. Enumerable.Range(0, 6).Select(p => new PartitionLoad(p, each, 0))];

    /// <summary>Runs <paramref name="seconds"/> samples; the members reach a decision's desired count
    /// <paramref name="settleSamples"/> samples after it is first made. Returns every decision that changed something.</summary>
    private static List<AutoscaleDecision> Run(AutoscaleTracker tracker, int startMembers, int seconds, Func<int, PartitionLoad[]> load, int settleSamples = 2)
    {
        var members = startMembers;
        int? pending = null;
        var pendingSince = 0;
        var changes = new List<AutoscaleDecision>();
        for (var s = 0; s < seconds; s++)
        {
            var evaluation = tracker.Evaluate(T0.AddSeconds(s), load(s), members, NoCapacity, Drain);
            if (evaluation.Changed)
            {
                changes.Add(evaluation.Status.Latest);
            }

            var desired = evaluation.Status.Latest.Desired;
            if (desired != members && desired != pending)
            {
                (pending, pendingSince) = (desired, s);
            }

            if (pending is { } next && s - pendingSince >= settleSamples)
            {
                (members, pending) = (next, null);
            }
        }
        return changes;
    }

    [Fact]
    public void Scales_up_at_once_one_replica_per_step_to_the_target()
    {
        var changes = Run(new AutoscaleTracker("g", Settings()), 1, 30, _ => Lag(700)); // 4,200 lag → 5
        var ups = changes.Where(d => d.Action == ScalingActions.ScaleUp).ToList();
        Assert.Equal([(1, 2), (2, 3), (3, 4), (4, 5)], ups.Select(d => (d.Current!.Value, d.Desired!.Value)));
        Assert.Equal(T0, ups[0].At); // no waiting for a window
        Assert.Equal(ScalingActions.Hold, changes[^1].Action);
        Assert.Equal(5, changes[^1].Current);
    }

    [Fact]
    public void Scales_down_one_step_per_stabilization_window()
    {
        var changes = Run(new AutoscaleTracker("g", Settings(cooldownSeconds: 10)), 3, 60, _ => Lag(0));
        var downs = changes.Where(d => d.Action == ScalingActions.ScaleDown).ToList();
        Assert.Equal([(3, 2), (2, 1)], downs.Select(d => (d.Current!.Value, d.Desired!.Value)));
        // The count found at start is a recommendation: the first step waits a window; the next a window after it settled.
        Assert.True(downs[0].At - T0 >= TimeSpan.FromSeconds(10), $"first scale-down at {downs[0].At - T0}");
        Assert.True(downs[1].At - downs[0].At >= TimeSpan.FromSeconds(10), $"second scale-down {downs[1].At - downs[0].At} after the first");
    }

    [Fact]
    public void A_dip_in_lag_shorter_than_the_window_does_not_scale_down()
    {
        // 3,000 lag (→ 3) except for 5 s of none in the middle.
        var changes = Run(new AutoscaleTracker("g", Settings(cooldownSeconds: 10)), 3, 40, s => s is >= 20 and < 25 ? Lag(0) : Lag(500));
        Assert.DoesNotContain(changes, d => d.Action == ScalingActions.ScaleDown);
    }

    [Fact]
    public void A_hot_partition_does_not_scale_the_group_out()
    {
        PartitionLoad[] hot = [new(0, 80_000, 0), .. Enumerable.Range(1, 5).Select(p => new PartitionLoad(p, 0, 0))];
        var changes = Run(new AutoscaleTracker("g", Settings()), 1, 30, _ => hot);
        Assert.DoesNotContain(changes, d => d.Action == ScalingActions.ScaleUp);
        Assert.Equal(6, changes[^1].KedaReplicas); // KEDA would have gone to the maximum
        Assert.Equal(1, changes[^1].Target);
    }

    [Fact]
    public void A_decision_carries_its_inputs_and_only_changes_are_recent_decisions()
    {
        var tracker = new AutoscaleTracker("g", Settings());
        tracker.Evaluate(T0, Lag(700), 2, NoCapacity, Drain);
        var second = tracker.Evaluate(T0.AddSeconds(1), Lag(700), 2, NoCapacity, Drain);
        Assert.False(second.Changed);
        var d = Assert.Single(second.Status.Recent);
        Assert.Equal((ScalingActions.ScaleUp, 2, 3, 5, 4200L), (d.Action, d.Current, d.Desired, d.Target, d.TotalLag));
        Assert.Equal(700, d.PartitionLag[5]);
        Assert.Equal(CapacitySources.Unknown, d.CapacitySource);
        Assert.Contains("one up", d.Reason);
    }

    /// <summary>The advice and the autoscaler come from the one rule: for the same sample, the advice's recommendation is
    /// the autoscaler's target.</summary>
    public static TheoryData<string, long[], double[], double?> SameSample => new()
    {
        { "lag only", [700, 700, 700, 700, 700, 700], [0, 0, 0, 0, 0, 0], null },
        { "hot partition", [50_000, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], null },
        { "with capacity, draining", [1000, 1000, 1000, 1000, 1000, 1000], [10, 10, 10, 10, 10, 10], 50 },
        { "with capacity, keeping up", [0, 0, 0, 0, 0, 0], [100, 100, 100, 100, 100, 100], 150 },
    };

    [Theory]
    [MemberData(nameof(SameSample))]
    public void Advice_and_autoscaler_agree(string name, long[] lags, double[] incoming, double? capacity)
    {
        var settings = Settings();
        var (perReplica, source) = capacity is { } c ? ((double?)c, CapacitySources.Measured) : (null, CapacitySources.Unknown);
        var advice = ReplicaAdvisor.Advise(lags.Select((lag, p) => (p, lag)).ToDictionary(x => x.p, x => (x.lag, incoming[x.p])), 3,
            (perReplica, source), Drain, settings);
        var decision = new AutoscaleTracker("g", settings).Evaluate(T0, [.. lags.Select((lag, p) => new PartitionLoad(p, lag, incoming[p]))], 3,
            (perReplica, source), Drain).Status.Latest;
        Assert.True(advice.RecommendedReplicas == decision.Target, $"{name}: advice {advice.RecommendedReplicas}, autoscaler {decision.Target}");
        Assert.Equal(advice.KedaReplicas, decision.KedaReplicas);
    }
}
