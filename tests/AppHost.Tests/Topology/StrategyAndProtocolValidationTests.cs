using OrdersAspire.AppHost.Topology;
using OrdersAspire.GroupContracts.Assignment;
using OrdersAspire.GroupContracts.Groups;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.AppHost.Tests.Topology;

/// <summary>The topology accepts exactly the strategy and protocol names the services accept (GroupContracts), and
/// its groups default to the groups' own defaults.</summary>
public sealed class StrategyAndProtocolValidationTests
{
    public static TheoryData<string> StrategyNames() => [.. AssignmentStrategies.Names, "ROUNDROBIN", " range "];

    public static TheoryData<string> ProtocolNames() => [.. ConsumerGroupProtocols.Names, "Consumer"];

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void Every_strategy_the_services_accept_is_accepted(string strategy) =>
        Assert.Empty(TopologyValidator.Validate(new TopologyOptions { Analytics = new() { Replicas = 1, AssignmentStrategy = strategy } }));

    [Theory]
    [MemberData(nameof(ProtocolNames))]
    public void Every_protocol_the_services_accept_is_accepted(string protocol) =>
        Assert.Empty(TopologyValidator.Validate(new TopologyOptions { Analytics = new() { Replicas = 1, GroupProtocol = protocol } }));

    [Fact]
    public void An_unknown_strategy_or_protocol_is_refused_naming_the_key_and_the_allowed_values()
    {
        var errors = TopologyValidator.Validate(new TopologyOptions
        {
            OrderProcessors = new() { Replicas = 1, AssignmentStrategy = "sticky", GroupProtocol = "kip848" },
        });

        Assert.Equal(
        [
            "Topology:OrderProcessors:AssignmentStrategy = 'sticky' is not valid; allowed: range, roundrobin, cooperative-sticky",
            "Topology:OrderProcessors:GroupProtocol = 'kip848' is not valid; allowed: classic, consumer",
        ], errors);
    }

    [Fact]
    public void The_groups_default_to_their_declared_defaults()
    {
        var topology = new TopologyOptions();

        foreach (var (group, defaults) in new[] { (topology.OrderProcessors, GroupDefaults.OrderProcessors), (topology.Analytics, GroupDefaults.Analytics) })
        {
            Assert.Equal(defaults.Replicas, group.Replicas);
            Assert.Equal(defaults.AssignmentStrategy, group.AssignmentStrategy);
            Assert.Equal(defaults.GroupProtocol, group.GroupProtocol);
        }
    }
}
