using OrdersAspire.GroupContracts.Assignment;
using static OrdersAspire.ConsumerGroups.Tests.Assignment.AssignmentText;

namespace OrdersAspire.ConsumerGroups.Tests.Assignment;

public sealed class RoundRobinAssignorTests
{
    [Theory]
    // Observed on the broker: {0,3} {1,4} {2,5}, in member-id order.
    [InlineData("a,b,c", 6, "a:0,3 b:1,4 c:2,5")]
    [InlineData("c,b,a", 6, "a:0,3 b:1,4 c:2,5")]
    [InlineData("a,b", 6, "a:0,2,4 b:1,3,5")]
    [InlineData("a,b,c", 7, "a:0,3,6 b:1,4 c:2,5")]
    [InlineData("a,b,c,d", 6, "a:0,4 b:1,5 c:2 d:3")]
    [InlineData("a,b,c,d,e,f,g", 6, "a:0 b:1 c:2 d:3 e:4 f:5 g:")]
    [InlineData("a", 3, "a:0,1,2")]
    [InlineData("a,b", 0, "a: b:")]
    public void Deals_partitions_one_at_a_time_in_member_id_order(string members, int partitions, string expected) =>
        Assert.Equal(expected, Render(AssignmentPredictor.Predict(AssignmentStrategy.RoundRobin, Members(members), partitions)));

    [Fact]
    public void Is_not_sticky_when_a_member_leaves()
    {
        var plan = AssignmentPredictor.Predict(AssignmentStrategy.RoundRobin, ["a", "c"], 6, Parse("a:0,3 b:1,4 c:2,5"));
        Assert.Equal("a:0,2,4 c:1,3,5", Render(plan));
        Assert.Equal("1:b>c 2:c>a 3:a>c 4:b>a", RenderMoves(plan));
    }

    [Fact]
    public void Deals_across_topics_sorted_by_topic_then_partition()
    {
        var plan = RoundRobinAssignor.Instance.Assign(["b", "a"], [new TopicPartitions("y", 2), new TopicPartitions("x", 1)]);
        Assert.Equal(["x[0]", "y[1]"], plan.Assignments["a"].Select(p => p.ToString()));
        Assert.Equal(["y[0]"], plan.Assignments["b"].Select(p => p.ToString()));
    }
}
