using Microsoft.Extensions.Configuration;
using OrdersAspire.AppHost.Topology;

namespace OrdersAspire.AppHost.Tests.Topology;

/// <summary>Replicas ≤ MaxReplicas ≤ Partitions, checked before anything starts, with messages naming the keys.</summary>
public sealed class MaxReplicasValidationTests
{
    private static TopologyOptions Topology(int replicas, int? maxReplicas, int partitions = 6) => new()
    {
        Partitions = partitions,
        OrderProcessors = new() { Replicas = replicas, MaxReplicas = maxReplicas, AssignmentStrategy = "range" },
    };

    [Theory]
    [InlineData(3, null, 6)]
    [InlineData(6, null, 6)]
    [InlineData(2, 4, 4)]
    [InlineData(4, 4, 4)]
    [InlineData(1, 1, 1)]
    public void Replicas_up_to_the_maximum_and_a_maximum_up_to_the_partitions_are_valid(int replicas, int? maxReplicas, int expectedMax)
    {
        var topology = Topology(replicas, maxReplicas);
        Assert.Empty(TopologyValidator.Validate(topology));
        Assert.Equal(expectedMax, topology.OrderProcessors.MaxReplicasFor(topology.Partitions));
    }

    [Fact]
    public void The_maximum_defaults_to_the_partition_count_capped_at_the_declared_replica_limit()
    {
        Assert.Equal(12, new ConsumerGroupTopology().MaxReplicasFor(12));
        Assert.Equal(TopologyValidator.MaxReplicasLimit, new ConsumerGroupTopology().MaxReplicasFor(500));
    }

    [Fact]
    public void A_maximum_above_the_partition_count_is_refused() =>
        Assert.Equal(["Topology:OrderProcessors:MaxReplicas = 8 is out of range; allowed 1..6 (at most Topology:Partitions = 6: " +
            "a member beyond the partition count would own no partition and sit idle)"], TopologyValidator.Validate(Topology(3, 8)));

    [Fact]
    public void A_maximum_below_one_is_refused() =>
        Assert.Contains("Topology:OrderProcessors:MaxReplicas = 0 is out of range", Assert.Single(TopologyValidator.Validate(Topology(1, 0))));

    [Fact]
    public void More_replicas_than_the_maximum_is_refused() =>
        Assert.Equal(["Topology:OrderProcessors:Replicas = 5 is more than Topology:OrderProcessors:MaxReplicas = 4"],
            TopologyValidator.Validate(Topology(5, 4)));

    [Fact]
    public void More_replicas_than_partitions_is_refused_through_the_default_maximum() =>
        Assert.Equal(["Topology:OrderProcessors:Replicas = 8 is more than Topology:OrderProcessors:MaxReplicas = 6 " +
            "(by default the partition count, Topology:Partitions = 6, at most 32)"], TopologyValidator.Validate(Topology(8, null)));

    [Fact]
    public void Reading_an_invalid_maximum_stops_the_AppHost_with_the_message()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Topology:Analytics:MaxReplicas"] = "9" })
            .Build();
        var error = Assert.Throws<InvalidOperationException>(() => TopologyValidator.Read(configuration));
        Assert.Contains("Topology:Analytics:MaxReplicas = 9 is out of range; allowed 1..6", error.Message);
    }
}
