namespace OrdersAspire.GroupContracts.Assignment;

/// <summary>Kafka's range assignor: per topic, members sorted by id get contiguous blocks of
/// <c>partitions / members</c>, and the first <c>partitions % members</c> members one more.
/// 6 partitions × 3 → [0,1] [2,3] [4,5]; × 2 → [0,1,2] [3,4,5]; 7 × 3 → [0,1,2] [3,4] [5,6].
/// Not sticky: the previous assignment only feeds <see cref="AssignmentPlan.Moved"/>.</summary>
public sealed class RangeAssignor : IPartitionAssignor
{
    public static readonly RangeAssignor Instance = new();

    public AssignmentStrategy Strategy => AssignmentStrategy.Range;

    public AssignmentPlan Assign(
        IReadOnlyList<string> memberIds,
        IReadOnlyList<TopicPartitions> topics,
        IReadOnlyDictionary<string, IReadOnlyList<AssignedPartition>>? previous = null)
    {
        var members = AssignmentPlan.SortMembers(memberIds);
        var assignments = members.ToDictionary(m => m, _ => new List<AssignedPartition>(), StringComparer.Ordinal);
        if (members.Count > 0)
        {
            foreach (var topic in topics)
            {
                var perMember = topic.PartitionCount / members.Count;
                var withExtra = topic.PartitionCount % members.Count;
                for (var i = 0; i < members.Count; i++)
                {
                    var start = i * perMember + Math.Min(i, withExtra);
                    var length = perMember + (i < withExtra ? 1 : 0);
                    for (var p = start; p < start + length; p++)
                    {
                        assignments[members[i]].Add(new AssignedPartition(topic.Topic, p));
                    }
                }
            }
        }
        return AssignmentPlan.Create(members, assignments, topics.SelectMany(t => t.All()).ToList(), previous);
    }
}
