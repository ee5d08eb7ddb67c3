using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Scaling;
using OrdersAspire.GroupContracts.Rebalancing;

namespace OrdersAspire.Analyzer.Tests.Analysis;

public class RebalanceTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(3);

    private static MemberRebalanceEvent E(string replica, double second, RebalanceKind kind, params int[] partitions) =>
        new(replica, new RebalanceEvent(T0.AddSeconds(second), kind, partitions, replica + "-id"));

    [Fact]
    public void Initial_join_of_three_members_is_one_rebalance_moving_every_partition()
    {
        var rebalances = RebalanceTimeline.Build(
            [E("r1", 0, RebalanceKind.Assigned, 0, 1), E("r2", 0.1, RebalanceKind.Assigned, 2, 3), E("r3", 0.2, RebalanceKind.Assigned, 4, 5)], Gap);
        var r = Assert.Single(rebalances);
        Assert.Equal("join", r.Kind);
        Assert.True(r.Completed);
        Assert.Equal(TimeSpan.Zero, r.Pause);
        Assert.Equal([0, 1, 2, 3, 4, 5], r.PartitionsMoved.Select(m => m.Partition));
        Assert.All(r.PartitionsMoved, m => Assert.Null(m.From));
    }

    [Fact]
    public void Eager_rebalance_after_a_member_leaves_moves_only_the_partitions_that_changed_owner()
    {
        // range 3 → 2 members: [0,1][2,3][4,5] → [0,1,2][3,4,5]
        var rebalances = RebalanceTimeline.Build(
        [
            E("r1", 10, RebalanceKind.Revoked, 0, 1), E("r2", 10.2, RebalanceKind.Revoked, 2, 3), E("r3", 10.1, RebalanceKind.Revoked, 4, 5),
            E("r1", 12, RebalanceKind.Assigned, 0, 1, 2), E("r2", 12.5, RebalanceKind.Assigned, 3, 4, 5),
        ], Gap);
        var r = Assert.Single(rebalances);
        Assert.Equal("revoke", r.Kind);
        Assert.Equal(TimeSpan.FromSeconds(2.5), r.Pause);
        Assert.Equal([new PartitionOwnerChange(2, "r2", "r1"), new PartitionOwnerChange(4, "r3", "r2"), new PartitionOwnerChange(5, "r3", "r2")], r.PartitionsMoved);
    }

    [Fact]
    public void Events_far_apart_are_separate_rebalances_and_lost_is_reported()
    {
        var rebalances = RebalanceTimeline.Build(
        [
            E("r1", 0, RebalanceKind.Assigned, 0, 1, 2), E("r2", 0, RebalanceKind.Assigned, 3, 4, 5),
            E("r1", 60, RebalanceKind.Lost, 0, 1, 2), E("r2", 70, RebalanceKind.Assigned, 0, 1, 2),
        ], Gap);
        Assert.Equal(3, rebalances.Count);
        Assert.Equal(["join", "lost", "join"], rebalances.Select(r => r.Kind));
        Assert.False(rebalances[1].Completed);
    }

    [Fact]
    public void Duplicate_events_from_repeated_reports_count_once()
    {
        var e = E("r1", 0, RebalanceKind.Assigned, 0);
        Assert.Single(RebalanceTimeline.Build([e, e, e], Gap));
    }

    [Theory]
    [InlineData(new double[0], 0)]
    [InlineData(new double[] { 10, 20, 30 }, 3)]
    [InlineData(new double[] { -4000, 10, 20 }, 2)]   // older than an hour: not counted
    [InlineData(new double[] { 10, 20, 30, 40, 50, 60 }, 6)]
    public void Rebalances_per_hour(double[] secondsFromStart, double expected)
    {
        var now = T0.AddSeconds(100);
        var rebalances = secondsFromStart.Select(s => new GroupRebalance(T0.AddSeconds(s), T0.AddSeconds(s), "join", TimeSpan.Zero, true, null, [], [])).ToList();
        Assert.Equal(expected, RebalanceTimeline.PerHour(rebalances, now, TimeSpan.FromHours(1)));
    }

    private static AutoscaleDecision Decision(double second, string action, int current, int desired) =>
        new(T0.AddSeconds(second), "g", action, current, desired, desired, desired, desired, ScalingBases.Lag, "", 0,
            new Dictionary<int, long>(), 0, null, CapacitySources.Unknown, "");

    private static GroupRebalance Rebalance(double second) => new(T0.AddSeconds(second), T0.AddSeconds(second), "join", TimeSpan.Zero, true, null, [], []);

    [Fact]
    public void The_rebalance_an_autoscale_step_sets_off_names_it()
    {
        var rebalances = RebalanceTimeline.AttributeScaling(
            [Rebalance(2), Rebalance(14), Rebalance(16), Rebalance(40), Rebalance(200)],
            [Decision(0, ScalingActions.Hold, 1, 1), Decision(10, ScalingActions.ScaleUp, 1, 2), Decision(30, ScalingActions.ScaleDown, 2, 1)],
            TimeSpan.FromSeconds(60));
        Assert.Equal([null, "autoscale scale-up 1 → 2", null, "autoscale scale-down 2 → 1", null], rebalances.Select(r => r.Cause));
    }
}
