using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.GroupContracts.Assignment;

/// <summary>Names of the strategies as written in configuration, which are also librdkafka's
/// <c>partition.assignment.strategy</c> values, and the assignor that predicts each.</summary>
public static class AssignmentStrategies
{
    public const string RangeName = "range";
    public const string RoundRobinName = "roundrobin";
    public const string CooperativeStickyName = "cooperative-sticky";

    /// <summary>Allowed configuration values, in the order error messages list them.</summary>
    public static readonly IReadOnlyList<string> Names = [RangeName, RoundRobinName, CooperativeStickyName];

    /// <summary>Case-insensitive; surrounding white space is ignored.</summary>
    public static bool TryParse(string? value, out AssignmentStrategy strategy)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case RangeName: strategy = AssignmentStrategy.Range; return true;
            case RoundRobinName: strategy = AssignmentStrategy.RoundRobin; return true;
            case CooperativeStickyName: strategy = AssignmentStrategy.CooperativeSticky; return true;
            default: strategy = default; return false;
        }
    }

    /// <summary>The librdkafka <c>partition.assignment.strategy</c> value.</summary>
    public static string ToLibrdkafkaName(this AssignmentStrategy strategy) => strategy switch
    {
        AssignmentStrategy.Range => RangeName,
        AssignmentStrategy.RoundRobin => RoundRobinName,
        AssignmentStrategy.CooperativeSticky => CooperativeStickyName,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown assignment strategy"),
    };

    public static Confluent.Kafka.PartitionAssignmentStrategy ToConfluent(this AssignmentStrategy strategy) => strategy switch
    {
        AssignmentStrategy.Range => Confluent.Kafka.PartitionAssignmentStrategy.Range,
        AssignmentStrategy.RoundRobin => Confluent.Kafka.PartitionAssignmentStrategy.RoundRobin,
        AssignmentStrategy.CooperativeSticky => Confluent.Kafka.PartitionAssignmentStrategy.CooperativeSticky,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown assignment strategy"),
    };

    /// <summary>Cooperative strategies revoke only the partitions that move; eager ones revoke everything.</summary>
    public static bool IsCooperative(this AssignmentStrategy strategy) => strategy == AssignmentStrategy.CooperativeSticky;

    /// <summary>The assignor that predicts what the group leader (librdkafka) computes for this strategy.</summary>
    public static IPartitionAssignor Assignor(this AssignmentStrategy strategy) => strategy switch
    {
        AssignmentStrategy.Range => RangeAssignor.Instance,
        AssignmentStrategy.RoundRobin => RoundRobinAssignor.Instance,
        AssignmentStrategy.CooperativeSticky => StickyAssignor.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown assignment strategy"),
    };

    /// <summary>The strategy that actually decides the assignment. Under KIP-848 (<c>group.protocol=consumer</c>)
    /// the broker assigns and the client's strategy is not used; the embedded (librdkafka mock) broker hands out
    /// range-style blocks (verified against it), so that is what we predict.</summary>
    public static AssignmentStrategy Effective(AssignmentStrategy configured, ConsumerGroupProtocol protocol) =>
        protocol == ConsumerGroupProtocol.Consumer ? AssignmentStrategy.Range : configured;
}
