using OrdersAspire.Analysis;

namespace OrdersAspire.Analyzer.Tests.Analysis;

public class AlertRulesTests
{
    private static readonly AlertThresholds Defaults = new();

    /// <summary>A quiet, healthy group: no rule fires.</summary>
    private static AlertInputs Quiet() => new(
        TotalLag: 0, ProcessingRate: 100, IncomingRate: 100, ActiveMembers: 3, RebalancesPerHour: 1, ImbalancePercent: 0,
        HeartbeatFailures: 0, CommitSuccessRatio: 1, Health: GroupHealth.Evaluate("g", [0, 0, 0, 0, 0, 0], 3, 1000),
        HotPartitions: [], DownMembers: [], MessagesLost: 0);

    public static TheoryData<string, Func<AlertInputs, AlertInputs>, string[]> Cases => new()
    {
        { "quiet group", i => i, [] },
        { "lag 1000 is not above the threshold", i => i with { TotalLag = 1000 }, [] },
        { "lag 1001 fires lag-high", i => i with { TotalLag = 1001 }, [AlertNames.LagHigh] },
        { "processing at 79% of incoming with lag", i => i with { TotalLag = 10, ProcessingRate = 79 }, [AlertNames.ProcessingRateLow] },
        { "processing at 80% of incoming with lag", i => i with { TotalLag = 10, ProcessingRate = 80 }, [] },
        { "slow processing without lag is fine", i => i with { ProcessingRate = 10 }, [] },
        { "stopped consumers with lag", i => i with { TotalLag = 500, ProcessingRate = 0 }, [AlertNames.ProcessingRateLow] },
        { "5 rebalances per hour is the limit", i => i with { RebalancesPerHour = 5 }, [] },
        { "6 rebalances per hour", i => i with { RebalancesPerHour = 6 }, [AlertNames.RebalancesFrequent] },
        { "imbalance 20% is the limit", i => i with { ImbalancePercent = 20 }, [] },
        { "imbalance 20.5%", i => i with { ImbalancePercent = 20.5 }, [AlertNames.ImbalanceHigh] },
        { "one heartbeat failure", i => i with { HeartbeatFailures = 1 }, [AlertNames.HeartbeatFailures] },
        { "commit success 99%", i => i with { CommitSuccessRatio = 0.99 }, [] },
        { "commit success 98.9%", i => i with { CommitSuccessRatio = 0.989 }, [AlertNames.CommitSuccessLow] },
        { "unhealthy group", i => i with { TotalLag = 600, Health = GroupHealth.Evaluate("g", [6006, 0, 0, 0, 0, 0], 3, 1000) }, [AlertNames.GroupUnhealthy] },
        { "hot partition", i => i with { HotPartitions = [new HotPartition(2, 50, 10, 5)] }, [AlertNames.HotPartition] },
        { "consumer down", i => i with { DownMembers = ["replica-2"] }, [AlertNames.ConsumerDown] },
        { "data lost to retention", i => i with { MessagesLost = 42 }, [AlertNames.DataLost] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fires_exactly_the_expected_rules(string name, Func<AlertInputs, AlertInputs> change, string[] expected)
    {
        var firing = AlertRules.Evaluate(change(Quiet()), Defaults).Where(c => c.Firing).Select(c => c.Name).ToList();
        Assert.True(expected.SequenceEqual(firing), $"{name}: fired [{string.Join(", ", firing)}]");
    }

    [Fact]
    public void Every_rule_reports_a_value_and_threshold_even_when_quiet()
    {
        var conditions = AlertRules.Evaluate(Quiet(), Defaults);
        Assert.Equal(AlertNames.All, conditions.Select(c => c.Name));
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        var strict = new AlertThresholds { MaxLag = 10, MaxRebalancesPerHour = 0 };
        var firing = AlertRules.Evaluate(Quiet() with { TotalLag = 11 }, strict).Where(c => c.Firing).Select(c => c.Name);
        Assert.Equal([AlertNames.LagHigh, AlertNames.RebalancesFrequent], firing);
    }

    [Fact]
    public void Capacity_per_replica_replaces_the_incoming_rate_as_capacity()
    {
        var t = new AlertThresholds { CapacityPerReplica = 100 };
        // 3 replicas × 100 = 300 capacity; processing 200 is 67% → fires although incoming is only 100.
        var lagging = AlertRules.Evaluate(Quiet() with { TotalLag = 5, ProcessingRate = 200 }, t).Single(c => c.Name == AlertNames.ProcessingRateLow);
        Assert.True(lagging.Firing);
        Assert.Equal(0.667, lagging.Value, 3);
    }
}

public class AlertTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static AlertCondition Lag(bool firing, double value) => new(AlertNames.LagHigh, firing, "warning", value, 1000, "m");

    [Fact]
    public void Since_is_when_the_alert_started_firing_and_the_value_is_current()
    {
        var tracker = new AlertTracker();
        Assert.Empty(tracker.Update("g", [Lag(false, 10)], T0));
        var first = Assert.Single(tracker.Update("g", [Lag(true, 2000)], T0.AddSeconds(1)));
        var later = Assert.Single(tracker.Update("g", [Lag(true, 3000)], T0.AddSeconds(5)));
        Assert.Equal(T0.AddSeconds(1), first.Since);
        Assert.Equal(T0.AddSeconds(1), later.Since);
        Assert.Equal(3000, later.Value);
    }

    [Fact]
    public void An_alert_that_stops_firing_starts_afresh()
    {
        var tracker = new AlertTracker();
        tracker.Update("g", [Lag(true, 2000)], T0);
        tracker.Update("g", [Lag(false, 10)], T0.AddSeconds(1));
        Assert.Equal(T0.AddSeconds(2), Assert.Single(tracker.Update("g", [Lag(true, 2000)], T0.AddSeconds(2))).Since);
    }

    [Fact]
    public void Groups_are_tracked_separately()
    {
        var tracker = new AlertTracker();
        tracker.Update("a", [Lag(true, 2000)], T0);
        Assert.Equal(T0.AddSeconds(3), Assert.Single(tracker.Update("b", [Lag(true, 2000)], T0.AddSeconds(3))).Since);
    }
}

/// <summary>A group without reports (a third-party consumer): the rules that need them are not evaluable, never OK.</summary>
public class AlertRulesWithoutReportsTests
{
    private static AlertInputs ThirdParty() => new(
        TotalLag: 0, ProcessingRate: 100, IncomingRate: 100, ActiveMembers: null, RebalancesPerHour: null, ImbalancePercent: 0,
        HeartbeatFailures: null, CommitSuccessRatio: null, Health: GroupHealth.Evaluate("g", [0, 0, 0, 0, 0, 0], 0, 1000),
        HotPartitions: [], DownMembers: null, MessagesLost: 0);

    [Fact]
    public void Report_dependent_rules_are_not_evaluable_and_never_fire()
    {
        var conditions = AlertRules.Evaluate(ThirdParty(), new AlertThresholds());
        Assert.Equal(AlertNames.All, conditions.Select(c => c.Name));
        Assert.Equal([AlertNames.RebalancesFrequent, AlertNames.HeartbeatFailures, AlertNames.CommitSuccessLow, AlertNames.ConsumerDown],
            conditions.Where(c => !c.Evaluable).Select(c => c.Name));
        Assert.All(conditions.Where(c => !c.Evaluable), c => Assert.False(c.Firing));
        Assert.All(conditions.Where(c => !c.Evaluable), c => Assert.Contains("not evaluable", c.Message));
    }

    [Fact]
    public void Lag_rules_still_fire_without_reports()
    {
        var firing = AlertRules.Evaluate(ThirdParty() with { TotalLag = 5000, ProcessingRate = 0 }, new AlertThresholds())
            .Where(c => c.Firing).Select(c => c.Name);
        Assert.Equal([AlertNames.LagHigh, AlertNames.ProcessingRateLow], firing);
    }

    [Fact]
    public void A_per_member_capacity_cannot_be_judged_without_members()
    {
        var condition = AlertRules.Evaluate(ThirdParty() with { TotalLag = 10 }, new AlertThresholds { CapacityPerReplica = 100 })
            .Single(c => c.Name == AlertNames.ProcessingRateLow);
        Assert.False(condition.Evaluable);
        Assert.False(condition.Firing);
    }
}
