using OrdersAspire.EmbeddedKafka;
using OrdersAspire.GroupContracts.Assignment;

namespace OrdersAspire.ConsumerGroups.Tests.Scenarios;

/// <summary>What the broker really assigns, for each strategy, and that the pure predictor says the same.</summary>
public sealed class BrokerAssignmentAgreementTests
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(45);

    [Theory]
    [InlineData("range", 3, "0,1|2,3|4,5")]
    [InlineData("roundrobin", 3, "0,3|1,4|2,5")]
    [InlineData("range", 2, "0,1,2|3,4,5")]
    [InlineData("cooperative-sticky", 3, "0,3|1,4|2,5")]
    public async Task TheBrokerAssignsWhatThePredictorPredicts(string strategy, int members, string expectedInMemberIdOrder)
    {
        using var broker = NewBroker();
        using var group = new GroupMembers(broker.BootstrapServers, "agree-" + Guid.NewGuid().ToString("N")[..8], strategy);
        for (var i = 0; i < members; i++)
        {
            group.Add();
        }

        var actual = await group.WaitForSettledAssignmentAsync(6, SettleTimeout);

        var byMemberId = actual.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => string.Join(",", a.Value));
        Assert.Equal(expectedInMemberIdOrder, string.Join("|", byMemberId));
        Assert.True(AssignmentStrategies.TryParse(strategy, out var parsed));
        var predicted = AssignmentPredictor.Predict(parsed, [.. actual.Keys], 6);
        foreach (var (member, partitions) in actual)
        {
            Assert.Equal(partitions, predicted.PartitionsOf(member));
        }
    }

    [Fact]
    public async Task CooperativeStickyMovesOnlyTheLeavingMembersPartitionsAsPredicted()
    {
        using var broker = NewBroker();
        using var group = new GroupMembers(broker.BootstrapServers, "sticky-" + Guid.NewGuid().ToString("N")[..8], "cooperative-sticky");
        for (var i = 0; i < 3; i++)
        {
            group.Add();
        }

        var before = await group.WaitForSettledAssignmentAsync(6, SettleTimeout);

        var leaving = group.Members[1];
        var leavingId = leaving.MemberId!;
        group.Remove(leaving);
        var after = await group.WaitForSettledAssignmentAsync(6, SettleTimeout);

        var actuallyMoved = Enumerable.Range(0, 6).Where(p => Owner(before, p) != Owner(after, p)).ToList();
        Assert.Equal(before[leavingId], actuallyMoved);
        foreach (var (member, partitions) in after)
        {
            Assert.Superset(before[member].ToHashSet(), partitions.ToHashSet()); // survivors kept what they had
        }

        var predicted = AssignmentPredictor.Predict(AssignmentStrategy.CooperativeSticky, [.. after.Keys], 6, before);
        Assert.Equal(actuallyMoved, predicted.Moved.Select(m => m.Partition.Partition).ToList());
        foreach (var member in after.Keys)
        {
            Assert.Superset(before[member].ToHashSet(), predicted.PartitionsOf(member).ToHashSet());
        }

        Assert.Equal(after.Values.Select(v => v.Count).Order(), predicted.Members.Select(m => predicted.PartitionsOf(m).Count).Order());
    }

    private static string? Owner(IReadOnlyDictionary<string, IReadOnlyList<int>> assignment, int partition) =>
        assignment.FirstOrDefault(a => a.Value.Contains(partition)).Key;

    private static MockKafkaCluster NewBroker()
    {
        var broker = MockKafkaCluster.Start(3);
        broker.CreateTopic(GroupMembers.AssignmentTopic, 6);
        // Every member must join the group's first generation: a member that joins later sets off a second rebalance,
        // and cooperative-sticky then keeps what the first generation gave, an assignment that depends on join order.
        // 300 ms was too short on a loaded machine.
        broker.SetGroupInitialRebalanceDelay(TimeSpan.FromSeconds(3));
        return broker;
    }
}
