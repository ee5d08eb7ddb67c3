namespace OrdersAspire.GroupContracts.Assignment;

/// <summary>A subscribed topic and how many partitions it has (partitions are 0..count-1).</summary>
public sealed record TopicPartitions(string Topic, int PartitionCount)
{
    public IEnumerable<AssignedPartition> All() =>
        Enumerable.Range(0, PartitionCount).Select(p => new AssignedPartition(Topic, p));
}
