namespace OrdersAspire.GroupContracts.Assignment;

/// <summary>A pure model of a Kafka assignor: every member subscribes to every topic; members are sorted by member
/// id (ordinal) as Kafka does. <paramref name="previous"/> is the last assignment (member → partitions, departed
/// members included) and is what <see cref="AssignmentPlan.Moved"/> is measured against; sticky assignors also keep
/// owners from it.</summary>
public interface IPartitionAssignor
{
    AssignmentStrategy Strategy { get; }

    AssignmentPlan Assign(
        IReadOnlyList<string> memberIds,
        IReadOnlyList<TopicPartitions> topics,
        IReadOnlyDictionary<string, IReadOnlyList<AssignedPartition>>? previous = null);
}
