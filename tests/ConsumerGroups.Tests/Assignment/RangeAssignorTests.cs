using OrdersAspire.GroupContracts.Assignment;
using static OrdersAspire.ConsumerGroups.Tests.Assignment.AssignmentText;

namespace OrdersAspire.ConsumerGroups.Tests.Assignment;

public sealed class RangeAssignorTests
{
    [Theory]
    // Observed on the embedded broker.
    [InlineData("a,b,c", 6, "a:0,1 b:2,3 c:4,5")]
    [InlineData("a,b", 6, "a:0,1,2 b:3,4,5")]
    // Uneven: the first members by id get the extra partition.
    [InlineData("a,b,c", 7, "a:0,1,2 b:3,4 c:5,6")]
    [InlineData("a,b,c", 8, "a:0,1,2 b:3,4,5 c:6,7")]
    [InlineData("a,b,c,d", 6, "a:0,1 b:2,3 c:4 d:5")]
    [InlineData("a,b,c,d,e,f,g,h", 6, "a:0 b:1 c:2 d:3 e:4 f:5 g: h:")]
    [InlineData("a,b,c", 2, "a:0 b:1 c:")]
    [InlineData("a", 6, "a:0,1,2,3,4,5")]
    [InlineData("a,b", 0, "a: b:")]
    // Members are sorted by id (ordinal), whatever order they are given in; duplicates collapse.
    [InlineData("c,a,b", 6, "a:0,1 b:2,3 c:4,5")]
    [InlineData("rdkafka-9,rdkafka-10,rdkafka-1", 6, "rdkafka-1:0,1 rdkafka-10:2,3 rdkafka-9:4,5")]
    [InlineData("B,a", 3, "B:0,1 a:2")]
    [InlineData("a,a,b", 4, "a:0,1 b:2,3")]
    public void Assigns_contiguous_blocks_in_member_id_order(string members, int partitions, string expected) =>
        Assert.Equal(expected, Render(AssignmentPredictor.Predict(AssignmentStrategy.Range, Members(members), partitions)));

    [Theory]
    // Range is not sticky: when a member leaves, blocks are recomputed and survivors' partitions move too.
    [InlineData("a,b", "a:0,1 b:2,3 c:4,5", "a:0,1,2 b:3,4,5", "2:b>a 4:c>b 5:c>b")]
    [InlineData("a,b,c", "a:0,1,2 b:3,4,5", "a:0,1 b:2,3 c:4,5", "2:a>b 4:b>c 5:b>c")]
    [InlineData("a,b,c", "a:0,1 b:2,3 c:4,5", "a:0,1 b:2,3 c:4,5", "")]
    public void Moves_are_measured_against_the_previous_assignment(string members, string previous, string expected, string moves)
    {
        var plan = AssignmentPredictor.Predict(AssignmentStrategy.Range, Members(members), 6, Parse(previous));
        Assert.Equal(expected, Render(plan));
        Assert.Equal(moves, RenderMoves(plan));
    }

    [Fact]
    public void Each_topic_is_ranged_separately_so_the_first_members_collect_every_extra()
    {
        var plan = RangeAssignor.Instance.Assign(["a", "b"], [new TopicPartitions("t1", 3), new TopicPartitions("t2", 3)]);
        Assert.Equal(["t1[0]", "t1[1]", "t2[0]", "t2[1]"], plan.Assignments["a"].Select(p => p.ToString()));
        Assert.Equal(["t1[2]", "t2[2]"], plan.Assignments["b"].Select(p => p.ToString()));
        Assert.Equal(new AssignmentBalance(2, 4), plan.Balance);
    }
}
