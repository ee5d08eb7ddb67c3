namespace OrdersAspire.GroupContracts.Assignment;

/// <summary>The result of an assignor: which member owns which partitions, what moved compared with the previous
/// assignment, and how balanced it is.</summary>
public sealed class AssignmentPlan
{
    private readonly Dictionary<string, IReadOnlyList<AssignedPartition>> _assignments;

    private AssignmentPlan(
        IReadOnlyList<string> members,
        Dictionary<string, IReadOnlyList<AssignedPartition>> assignments,
        IReadOnlyList<PartitionMove> moved)
    {
        Members = members;
        _assignments = assignments;
        Moved = moved;
        Balance = AssignmentBalance.Of(members.Select(m => assignments[m].Count));
    }

    /// <summary>Members sorted by member id (ordinal), each present even when it gets nothing.</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary>Member → its partitions, sorted by topic then partition.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AssignedPartition>> Assignments => _assignments;

    /// <summary>Partitions whose owner changed against the previous assignment, sorted by partition; empty when
    /// there was no previous assignment.</summary>
    public IReadOnlyList<PartitionMove> Moved { get; }

    public AssignmentBalance Balance { get; }

    /// <summary>The partition numbers a member owns (of one topic, or of all when <paramref name="topic"/> is null).</summary>
    public IReadOnlyList<int> PartitionsOf(string memberId, string? topic = null) =>
        _assignments.TryGetValue(memberId, out var owned)
            ? owned.Where(p => topic is null || p.Topic == topic).Select(p => p.Partition).ToList()
            : [];

    public string? OwnerOf(AssignedPartition partition) =>
        _assignments.FirstOrDefault(a => a.Value.Contains(partition)).Key;

    /// <summary>Builds a plan from raw assignments and computes the moves against <paramref name="previous"/>.</summary>
    internal static AssignmentPlan Create(
        IReadOnlyList<string> sortedMembers,
        IReadOnlyDictionary<string, List<AssignedPartition>> assignments,
        IReadOnlyList<AssignedPartition> allPartitions,
        IReadOnlyDictionary<string, IReadOnlyList<AssignedPartition>>? previous)
    {
        var sorted = new Dictionary<string, IReadOnlyList<AssignedPartition>>(StringComparer.Ordinal);
        var owner = new Dictionary<AssignedPartition, string>();
        foreach (var member in sortedMembers)
        {
            var owned = assignments.TryGetValue(member, out var list) ? list.Order().ToList() : [];
            sorted[member] = owned;
            foreach (var partition in owned)
            {
                owner[partition] = member;
            }
        }

        var moved = new List<PartitionMove>();
        if (previous is not null)
        {
            var previousOwner = PreviousOwners(previous);
            foreach (var partition in allPartitions.Order())
            {
                previousOwner.TryGetValue(partition, out var from);
                owner.TryGetValue(partition, out var to);
                if (from != to)
                {
                    moved.Add(new PartitionMove(partition, from, to));
                }
            }
        }
        return new AssignmentPlan(sortedMembers, sorted, moved);
    }

    /// <summary>Members sorted by id (ordinal), duplicates removed.</summary>
    internal static IReadOnlyList<string> SortMembers(IReadOnlyList<string> memberIds)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        if (memberIds.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("member ids must not be empty", nameof(memberIds));
        }

        return memberIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Partition → previous owner; when two members claimed one partition, the first by member id wins.</summary>
    internal static Dictionary<AssignedPartition, string> PreviousOwners(IReadOnlyDictionary<string, IReadOnlyList<AssignedPartition>> previous)
    {
        var owners = new Dictionary<AssignedPartition, string>();
        foreach (var (member, partitions) in previous.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var partition in partitions)
            {
                owners.TryAdd(partition, member);
            }
        }

        return owners;
    }

    public override string ToString() =>
        string.Join(" ", Members.Select(m => $"{m}:[{string.Join(",", _assignments[m].Select(p => p.ToString()))}]"));
}
