using Aspire.Hosting.ApplicationModel;
using OrdersAspire.AppHost.Scaling;

namespace OrdersAspire.AppHost.Tests.Scaling;

/// <summary>The decisions of live scaling without Aspire: bounds, which replicas count as running, which one is
/// started or stopped next.</summary>
public sealed class ScalingPlanTests
{
    private static readonly ScalingBounds SixPartitions = new(ResourceNames.OrderProcessors, "order-events", Partitions: 6, MaxReplicas: 6, "Topology:OrderProcessors");
    private static readonly ScalingBounds CappedAtFour = SixPartitions with { MaxReplicas = 4 };
    private static readonly DateTime T0 = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void A_target_from_one_to_the_maximum_is_allowed(int target) => Assert.Null(ScalingPlan.Refusal(SixPartitions, target));

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Fewer_than_one_replica_is_refused(int target)
    {
        var refusal = ScalingPlan.Refusal(SixPartitions, target);
        Assert.Equal($"order-processors cannot run {target} replicas: 1 is the minimum (stop the resource to stop the whole group).", refusal);
    }

    [Fact]
    public void More_replicas_than_partitions_is_refused_because_the_extra_members_would_sit_idle()
    {
        var refusal = ScalingPlan.Refusal(SixPartitions, 7);
        Assert.Equal("order-processors cannot run 7 replicas: order-events has 6 partitions, so a member beyond the 6th would own no " +
            "partition and sit idle (maximum 6, Topology:OrderProcessors:MaxReplicas).", refusal);
    }

    [Fact]
    public void Above_a_configured_maximum_below_the_partition_count_is_refused_naming_the_setting()
    {
        Assert.Null(ScalingPlan.Refusal(CappedAtFour, 4));
        Assert.Equal("order-processors cannot run 5 replicas: its maximum is 4 (Topology:OrderProcessors:MaxReplicas; order-events has 6 partitions).",
            ScalingPlan.Refusal(CappedAtFour, 5));
        Assert.Contains("would own no partition and sit idle", ScalingPlan.Refusal(CappedAtFour, 7));
    }

    [Theory]
    [InlineData("Starting", true)]
    [InlineData("Waiting", true)]
    [InlineData("Running", true)]
    [InlineData("Building", true)]
    [InlineData("NotStarted", false)]
    [InlineData("Stopping", false)]
    [InlineData("Exited", false)]
    [InlineData("Finished", false)]
    [InlineData("FailedToStart", false)]
    [InlineData("Unknown", false)]
    [InlineData(null, false)]
    public void A_replica_counts_as_running_from_its_start_until_it_begins_to_stop(string? state, bool active) =>
        Assert.Equal(active, ScalingPlan.IsActive(state));

    [Theory]
    [InlineData("Exited", true)]
    [InlineData("Finished", true)]
    [InlineData("FailedToStart", true)]
    [InlineData("Stopping", false)]
    [InlineData("NotStarted", false)]
    [InlineData("Running", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_a_terminal_state_means_a_replica_has_stopped(string? state, bool stopped) =>
        Assert.Equal(stopped, ScalingPlan.HasStopped(state));

    [Fact]
    public void Scaling_up_starts_a_never_started_replica_before_one_that_ran_before()
    {
        ReplicaInstance[] instances =
        [
            new("op-a", KnownResourceStates.Running, T0, null),
            new("op-b", KnownResourceStates.Exited, T0.AddSeconds(5), 0),
            new("op-d", KnownResourceStates.NotStarted, null, null),
            new("op-c", KnownResourceStates.NotStarted, null, null),
        ];
        Assert.Equal("op-c", ScalingPlan.NextToStart(instances)?.Id);
    }

    [Fact]
    public void Scaling_up_restarts_the_replica_stopped_longest_ago_when_every_one_ran_before()
    {
        ReplicaInstance[] instances =
        [
            new("op-a", KnownResourceStates.Exited, T0.AddSeconds(30), 0),
            new("op-b", KnownResourceStates.Running, T0, null),
            new("op-c", KnownResourceStates.Exited, T0.AddSeconds(10), 0),
            new("op-d", KnownResourceStates.Stopping, T0.AddSeconds(1), null),
        ];
        Assert.Equal("op-c", ScalingPlan.NextToStart(instances)?.Id);
    }

    [Fact]
    public void Nothing_to_start_when_every_replica_runs_or_is_stopping() =>
        Assert.Null(ScalingPlan.NextToStart([new("op-a", KnownResourceStates.Running, T0, null), new("op-b", KnownResourceStates.Stopping, T0, null)]));

    [Fact]
    public void Scaling_down_stops_the_most_recently_added_replica()
    {
        ReplicaInstance[] instances =
        [
            new("op-a", KnownResourceStates.Running, T0, null),
            new("op-b", KnownResourceStates.Running, T0.AddMinutes(3), null),
            new("op-c", KnownResourceStates.Running, T0.AddMinutes(1), null),
            new("op-d", KnownResourceStates.NotStarted, null, null),
            new("op-e", KnownResourceStates.Exited, T0.AddMinutes(5), 0),
        ];
        Assert.Equal("op-b", ScalingPlan.NextToStop(instances)?.Id);
    }

    [Fact]
    public void Scaling_down_stops_a_replica_still_starting_before_any_running_one()
    {
        ReplicaInstance[] instances =
        [
            new("op-a", KnownResourceStates.Running, T0.AddMinutes(9), null),
            new("op-b", KnownResourceStates.Waiting, null, null),
        ];
        Assert.Equal("op-b", ScalingPlan.NextToStop(instances)?.Id);
    }

    [Fact]
    public void Nothing_to_stop_when_no_replica_runs() =>
        Assert.Null(ScalingPlan.NextToStop([new("op-a", KnownResourceStates.NotStarted, null, null), new("op-b", KnownResourceStates.Exited, T0, 0)]));
}
