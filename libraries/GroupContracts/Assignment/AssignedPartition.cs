namespace OrdersAspire.GroupContracts.Assignment;

/// <summary>One partition of one topic; ordered by topic (ordinal) then partition, as Kafka's assignors sort them.</summary>
public readonly record struct AssignedPartition(string Topic, int Partition) : IComparable<AssignedPartition>
{
    public int CompareTo(AssignedPartition other)
    {
        var byTopic = string.CompareOrdinal(Topic, other.Topic);
        return byTopic != 0 ? byTopic : Partition.CompareTo(other.Partition);
    }

    public override string ToString() => $"{Topic}[{Partition}]";
}
