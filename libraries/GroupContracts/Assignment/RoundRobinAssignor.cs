namespace OrdersAspire.GroupContracts.Assignment;

/// <summary>Kafka's round-robin assignor: all partitions sorted by topic then partition are dealt one at a time to
/// members in member-id order. 6 partitions × 3 → {0,3} {1,4} {2,5}. Not sticky.</summary>
public sealed class RoundRobinAssignor : IPartitionAssignor
{
    public static readonly RoundRobinAssignor Instance = new();

    public AssignmentStrategy Strategy => AssignmentStrategy.RoundRobin;

    public AssignmentPlan Assign(
        IReadOnlyList<string> memberIds,
        IReadOnlyList<TopicPartitions> topics,
        IReadOnlyDictionary<string, IReadOnlyList<AssignedPartition>>? previous = null)
    {
        var members = AssignmentPlan.SortMembers(memberIds);
        var assignments = members.ToDictionary(m => m, _ => new List<AssignedPartition>(), StringComparer.Ordinal);
        var all = topics.SelectMany(t => t.All()).Order().ToList();
        if (members.Count > 0)
        {
            for (var i = 0; i < all.Count; i++)
            {
                assignments[members[i % members.Count]].Add(all[i]);
            }
        }
        return AssignmentPlan.Create(members, assignments, all, previous);
    }
}
