namespace OrdersAspire.GroupContracts.Assignment;

/// <summary>The cooperative-sticky assignor for members with the same subscription: the result is as balanced as
/// possible (every member gets ⌊N/M⌋ or ⌈N/M⌉ partitions) and moves as few partitions as that allows.
/// <list type="number">
/// <item>Each member keeps the partitions it owned (lowest numbers first) up to its quota; only
///   <c>N % M</c> members may keep one above ⌊N/M⌋, the first by member id.</item>
/// <item>The rest (new partitions, a departed member's, a member's surplus) go one by one, in partition order, to
///   the member holding fewest (ties: lowest member id).</item>
/// </list>
/// With no previous assignment this deals partitions like round robin ({0,3} {1,4} {2,5} for 6 × 3); when a member
/// leaves, only its partitions move; when one joins, it takes just enough to balance.</summary>
public sealed class StickyAssignor : IPartitionAssignor
{
    public static readonly StickyAssignor Instance = new();

    public AssignmentStrategy Strategy => AssignmentStrategy.CooperativeSticky;

    public AssignmentPlan Assign(
        IReadOnlyList<string> memberIds,
        IReadOnlyList<TopicPartitions> topics,
        IReadOnlyDictionary<string, IReadOnlyList<AssignedPartition>>? previous = null)
    {
        var members = AssignmentPlan.SortMembers(memberIds);
        var all = topics.SelectMany(t => t.All()).Order().ToList();
        var assignments = members.ToDictionary(m => m, _ => new List<AssignedPartition>(), StringComparer.Ordinal);
        if (members.Count == 0)
        {
            return AssignmentPlan.Create(members, assignments, all, previous);
        }

        var minQuota = all.Count / members.Count;
        var extraSlots = all.Count % members.Count;
        var existing = all.ToHashSet();
        var retained = new HashSet<AssignedPartition>();

        if (previous is not null)
        {
            var previousOwner = AssignmentPlan.PreviousOwners(previous);
            foreach (var member in members)
            {
                var owned = previousOwner.Where(o => o.Value == member && existing.Contains(o.Key)).Select(o => o.Key).Order().ToList();
                var keep = owned.Count;
                if (keep > minQuota)
                {
                    if (extraSlots > 0) { keep = minQuota + 1; extraSlots--; }
                    else
                    {
                        keep = minQuota;
                    }
                }
                foreach (var partition in owned.Take(keep))
                {
                    assignments[member].Add(partition);
                    retained.Add(partition);
                }
            }
        }

        foreach (var partition in all.Where(p => !retained.Contains(p)))
        {
            var target = members[0];
            foreach (var member in members)
            {
                if (assignments[member].Count < assignments[target].Count)
                {
                    target = member;
                }
            }

            assignments[target].Add(partition);
        }
        return AssignmentPlan.Create(members, assignments, all, previous);
    }
}
