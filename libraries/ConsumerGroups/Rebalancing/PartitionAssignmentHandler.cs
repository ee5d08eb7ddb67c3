using Confluent.Kafka;
using OrdersAspire.ConsumerGroups.Consumer;

namespace OrdersAspire.ConsumerGroups.Rebalancing;

/// <summary>The consumer's assigned, revoked and lost callbacks, told to the <see cref="ConsumerEventRecorder"/> as
/// partition numbers. Runs on the consumer loop's thread, after the loop has started or drained the partitions' workers
/// (and, on revoke, committed).</summary>
public sealed class PartitionAssignmentHandler(ConsumerEventRecorder events)
{
    public void OnAssigned(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions) =>
        events.Assigned(consumer.MemberId, Numbers(partitions.Select(p => p.Partition)));

    public void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions) =>
        events.Revoked(consumer.MemberId, Numbers(partitions.Select(p => p.Partition)));

    public void OnLost(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions) =>
        events.Lost(consumer.MemberId, Numbers(partitions.Select(p => p.Partition)));

    private static IReadOnlyList<int> Numbers(IEnumerable<Partition> partitions) => [.. partitions.Select(p => p.Value).Order()];
}
