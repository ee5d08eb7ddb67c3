using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.GroupContracts.Assignment;
using OrdersAspire.GroupContracts.Protocols;
using static OrdersAspire.ConsumerGroups.Tests.Assignment.AssignmentText;

namespace OrdersAspire.ConsumerGroups.Tests.Assignment;

public sealed class AssignmentPredictorTests
{
    [Theory]
    [InlineData(ConsumerGroupProtocol.Classic, AssignmentStrategy.RoundRobin, "a:0,3 b:1,4 c:2,5")]
    [InlineData(ConsumerGroupProtocol.Classic, AssignmentStrategy.CooperativeSticky, "a:0,3 b:1,4 c:2,5")]
    [InlineData(ConsumerGroupProtocol.Classic, AssignmentStrategy.Range, "a:0,1 b:2,3 c:4,5")]
    // KIP-848: the broker assigns; the embedded broker hands out range-style blocks whatever the client asked.
    [InlineData(ConsumerGroupProtocol.Consumer, AssignmentStrategy.RoundRobin, "a:0,1 b:2,3 c:4,5")]
    [InlineData(ConsumerGroupProtocol.Consumer, AssignmentStrategy.CooperativeSticky, "a:0,1 b:2,3 c:4,5")]
    public void Predicts_with_the_strategy_that_applies_under_the_protocol(ConsumerGroupProtocol protocol, AssignmentStrategy strategy, string expected) =>
        Assert.Equal(expected, Render(AssignmentPredictor.Predict(protocol, strategy, ["a", "b", "c"], 6)));

    [Theory]
    [InlineData(AssignmentStrategy.Range, "a,b,c", 6, 2, 2)]
    [InlineData(AssignmentStrategy.Range, "a,b,c", 7, 2, 3)]
    [InlineData(AssignmentStrategy.Range, "a,b,c,d", 6, 1, 2)]
    [InlineData(AssignmentStrategy.RoundRobin, "a,b,c,d,e,f,g,h", 6, 0, 1)]
    [InlineData(AssignmentStrategy.CooperativeSticky, "a,b", 7, 3, 4)]
    public void Balance_is_the_fewest_and_most_partitions_per_member(AssignmentStrategy strategy, string members, int partitions, int min, int max)
    {
        var balance = AssignmentPredictor.Predict(strategy, Members(members), partitions).Balance;
        Assert.Equal((min, max, max - min, max - min <= 1), (balance.MinPartitions, balance.MaxPartitions, balance.Spread, balance.IsBalanced));
    }

    [Fact]
    public void Balance_of_an_uneven_actual_assignment_shows_the_spread()
    {
        var balance = AssignmentBalance.Of([4, 1, 1]);
        Assert.Equal((1, 4, 3, false), (balance.MinPartitions, balance.MaxPartitions, balance.Spread, balance.IsBalanced));
    }

    [Fact]
    public void Without_a_previous_assignment_nothing_counts_as_moved()
    {
        Assert.Empty(AssignmentPredictor.Predict(AssignmentStrategy.Range, ["a", "b"], 6).Moved);
    }

    [Fact]
    public void Plan_answers_who_owns_a_partition()
    {
        var plan = AssignmentPredictor.Predict(AssignmentStrategy.Range, ["a", "b"], 4);
        Assert.Equal("b", plan.OwnerOf(new AssignedPartition("order-events", 3)));
        Assert.Null(plan.OwnerOf(new AssignedPartition("order-events", 9)));
        Assert.Empty(plan.PartitionsOf("zz"));
        Assert.Equal([2, 3], plan.PartitionsOf("b", "order-events"));
        Assert.Empty(plan.PartitionsOf("b", "other"));
    }

    [Fact]
    public void Rejects_a_negative_partition_count_and_empty_member_ids()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AssignmentPredictor.Predict(AssignmentStrategy.Range, ["a"], -1));
        Assert.Throws<ArgumentException>(() => AssignmentPredictor.Predict(AssignmentStrategy.Range, ["a", ""], 6));
    }
}
