using OrdersAspire.GroupContracts.Assignment;

namespace OrdersAspire.ConsumerGroups.Tests.Assignment;

public sealed class AssignmentStrategiesTests
{
    [Theory]
    [InlineData(AssignmentStrategy.Range, "range", Confluent.Kafka.PartitionAssignmentStrategy.Range, false)]
    [InlineData(AssignmentStrategy.RoundRobin, "roundrobin", Confluent.Kafka.PartitionAssignmentStrategy.RoundRobin, false)]
    [InlineData(AssignmentStrategy.CooperativeSticky, "cooperative-sticky", Confluent.Kafka.PartitionAssignmentStrategy.CooperativeSticky, true)]
    public void Maps_each_strategy_to_its_librdkafka_name_and_back(AssignmentStrategy strategy, string name,
        Confluent.Kafka.PartitionAssignmentStrategy confluent, bool cooperative)
    {
        Assert.Equal(name, strategy.ToLibrdkafkaName());
        Assert.Equal(confluent, strategy.ToConfluent());
        Assert.Equal(cooperative, strategy.IsCooperative());
        Assert.Equal(strategy, strategy.Assignor().Strategy);
        Assert.True(AssignmentStrategies.TryParse(name.ToUpperInvariant(), out var parsed));
        Assert.Equal(strategy, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sticky")]
    [InlineData("round-robin")]
    public void Unknown_names_do_not_parse(string? name) => Assert.False(AssignmentStrategies.TryParse(name, out _));
}
