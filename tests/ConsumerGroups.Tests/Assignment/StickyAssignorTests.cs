using OrdersAspire.GroupContracts.Assignment;
using static OrdersAspire.ConsumerGroups.Tests.Assignment.AssignmentText;

namespace OrdersAspire.ConsumerGroups.Tests.Assignment;

public sealed class StickyAssignorTests
{
    private static AssignmentPlan Sticky(string members, int partitions, string? previous = null) =>
        AssignmentPredictor.Predict(AssignmentStrategy.CooperativeSticky, Members(members), partitions, previous is null ? null : Parse(previous));

    [Theory]
    // First assignment like round robin (observed on the broker).
    [InlineData("a,b,c", 6, "a:0,3 b:1,4 c:2,5")]
    [InlineData("a,b", 6, "a:0,2,4 b:1,3,5")]
    [InlineData("a,b,c", 7, "a:0,3,6 b:1,4 c:2,5")]
    [InlineData("a,b,c,d", 6, "a:0,4 b:1,5 c:2 d:3")]
    [InlineData("a,b,c", 2, "a:0 b:1 c:")]
    public void First_assignment_is_dealt_like_round_robin(string members, int partitions, string expected) =>
        Assert.Equal(expected, Render(Sticky(members, partitions)));

    [Theory]
    // A member leaves: only its partitions move (observed on the broker), to the least loaded survivors.
    [InlineData("a,b", 6, "a:0,3 b:1,4 c:2,5", "a:0,2,3 b:1,4,5", "2:c>a 5:c>b")]
    [InlineData("a,c", 6, "a:0,3 b:1,4 c:2,5", "a:0,1,3 c:2,4,5", "1:b>a 4:b>c")]
    [InlineData("b,c", 6, "a:0,3 b:1,4 c:2,5", "b:0,1,4 c:2,3,5", "0:a>b 3:a>c")]
    [InlineData("a,b,c", 7, "a:0,3 b:1,4 c:2,5 d:6", "a:0,3,6 b:1,4 c:2,5", "6:d>a")]
    [InlineData("a", 6, "a:0,2,4 b:1,3,5", "a:0,1,2,3,4,5", "1:b>a 3:b>a 5:b>a")]
    public void When_a_member_leaves_only_its_partitions_move(string members, int partitions, string previous, string expected, string moves)
    {
        var plan = Sticky(members, partitions, previous);
        Assert.Equal(expected, Render(plan));
        Assert.Equal(moves, RenderMoves(plan));
        Assert.True(plan.Balance.IsBalanced);
    }

    [Theory]
    // A member joins: it takes just enough to balance, each from an over-quota member; nobody else's partitions move.
    [InlineData("a,b,c", 6, "a:0,2,3 b:1,4,5", "a:0,2 b:1,4 c:3,5", "3:a>c 5:b>c")]
    [InlineData("a,b,c", 6, "a:0,1,2,3,4,5", "a:0,1 b:2,4 c:3,5", "2:a>b 3:a>c 4:a>b 5:a>c")]
    [InlineData("a,b,c,d", 6, "a:0,3 b:1,4 c:2,5", "a:0,3 b:1,4 c:2 d:5", "5:c>d")]
    [InlineData("a,b,c", 7, "a:0,2,4,6 b:1,3,5", "a:0,2,4 b:1,3 c:5,6", "5:b>c 6:a>c")]
    [InlineData("a,b,c,d", 3, "a:0 b:1 c:2", "a:0 b:1 c:2 d:", "")]
    public void When_a_member_joins_the_fewest_partitions_move_to_balance(string members, int partitions, string previous, string expected, string moves)
    {
        var plan = Sticky(members, partitions, previous);
        Assert.Equal(expected, Render(plan));
        Assert.Equal(moves, RenderMoves(plan));
        Assert.True(plan.Balance.IsBalanced);
    }

    [Theory]
    // Sticky minimality: moves equal the partitions above each survivor's quota plus the departed members' partitions.
    [InlineData("a,b,c", 12, "a:0,1,2,3,4,5,6,7,8,9,10,11", 8)]
    [InlineData("a,b,c,d,e", 12, "a:0,1,2 b:3,4,5 c:6,7,8 d:9,10,11", 2)]
    [InlineData("a,b", 12, "a:0,1,2 b:3,4,5 c:6,7,8 d:9,10,11", 6)]
    [InlineData("b,c,d", 10, "a:0,1,2,3 b:4,5,6 c:7,8,9", 4)]
    public void Moves_no_more_than_balance_requires(string members, int partitions, string previous, int expectedMoves)
    {
        var plan = Sticky(members, partitions, previous);
        Assert.Equal(expectedMoves, plan.Moved.Count);
        Assert.True(plan.Balance.IsBalanced);
        Assert.Equal(partitions, plan.Members.Sum(m => plan.PartitionsOf(m).Count));
    }

    [Fact]
    public void A_partition_claimed_by_two_previous_owners_stays_with_the_first_by_member_id()
    {
        var plan = Sticky("a,b", 4, "a:0,1 b:1,2,3");
        Assert.Equal("a:0,1 b:2,3", Render(plan));
        Assert.Empty(plan.Moved);
    }

    [Fact]
    public void Partitions_that_no_longer_exist_are_dropped_and_new_ones_are_assigned_from_nobody()
    {
        var shrunk = Sticky("a,b", 2, "a:0,2 b:1,3");
        Assert.Equal("a:0 b:1", Render(shrunk));
        var grown = Sticky("a,b", 4, "a:0 b:1");
        Assert.Equal("a:0,2 b:1,3", Render(grown));
        Assert.Equal("2:->a 3:->b", RenderMoves(grown));
    }

    [Fact]
    public void Without_members_nothing_is_assigned_and_every_partition_moves_to_nobody()
    {
        var plan = Sticky("", 2, "a:0,1");
        Assert.Empty(plan.Members);
        Assert.Equal("0:a>- 1:a>-", RenderMoves(plan));
        Assert.Equal(new AssignmentBalance(0, 0), plan.Balance);
    }
}
