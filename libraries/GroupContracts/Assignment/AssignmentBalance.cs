namespace OrdersAspire.GroupContracts.Assignment;

/// <summary>How evenly partitions are spread: the fewest and most partitions any member holds.</summary>
public readonly record struct AssignmentBalance(int MinPartitions, int MaxPartitions)
{
    /// <summary>Max minus min; 0 or 1 is as even as the counts allow.</summary>
    public int Spread => MaxPartitions - MinPartitions;

    public bool IsBalanced => Spread <= 1;

    public static AssignmentBalance Of(IEnumerable<int> partitionsPerMember)
    {
        var counts = partitionsPerMember.ToList();
        return counts.Count == 0 ? new(0, 0) : new(counts.Min(), counts.Max());
    }
}
