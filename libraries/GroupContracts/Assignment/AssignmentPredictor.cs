using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.GroupContracts.Assignment;

/// <summary>Predicts the assignment of one topic for a strategy, in partition numbers (the shape the consumer
/// loop and the analyzer have at hand).</summary>
public static class AssignmentPredictor
{
    public const string DefaultTopic = "order-events";

    /// <param name="previous">member → partition numbers of <paramref name="topic"/> before this rebalance (departed
    /// members included), or null for a fresh group.</param>
    public static AssignmentPlan Predict(
        AssignmentStrategy strategy,
        IReadOnlyList<string> members,
        int partitionCount,
        IReadOnlyDictionary<string, IReadOnlyList<int>>? previous = null,
        string topic = DefaultTopic)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partitionCount);
        var previousPartitions = previous?.ToDictionary(
            p => p.Key,
            p => (IReadOnlyList<AssignedPartition>)p.Value.Select(n => new AssignedPartition(topic, n)).ToList(),
            StringComparer.Ordinal);
        return strategy.Assignor().Assign(members, [new TopicPartitions(topic, partitionCount)], previousPartitions);
    }

    /// <summary>As <see cref="Predict(AssignmentStrategy, IReadOnlyList{string}, int, IReadOnlyDictionary{string, IReadOnlyList{int}}?, string)"/>,
    /// for the strategy that actually applies under <paramref name="protocol"/> (see <see cref="AssignmentStrategies.Effective"/>).</summary>
    public static AssignmentPlan Predict(
        ConsumerGroupProtocol protocol,
        AssignmentStrategy strategy,
        IReadOnlyList<string> members,
        int partitionCount,
        IReadOnlyDictionary<string, IReadOnlyList<int>>? previous = null,
        string topic = DefaultTopic) =>
        Predict(AssignmentStrategies.Effective(strategy, protocol), members, partitionCount, previous, topic);
}
