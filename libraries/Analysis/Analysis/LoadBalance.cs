namespace OrdersAspire.Analysis;

/// <summary>How evenly a group's work is spread over its members.</summary>
public static class LoadBalance
{
    /// <summary>Most minus fewest partitions held by one member; 0 without members.</summary>
    public static int PartitionSpread(IEnumerable<int> partitionsPerMember)
    {
        var counts = partitionsPerMember.ToList();
        return counts.Count == 0 ? 0 : counts.Max() - counts.Min();
    }

    /// <summary>A member's load: the incoming rate of the partitions it owns, or, when nothing is flowing at all in
    /// the group, its partition count.</summary>
    public static IReadOnlyList<double> MemberLoads(IReadOnlyList<IReadOnlyList<int>> partitionsPerMember, IReadOnlyDictionary<int, double> incomingRates)
    {
        var byRate = partitionsPerMember.Select(ps => ps.Sum(p => incomingRates.GetValueOrDefault(p))).ToList();
        return byRate.Sum() > 0 ? byRate : partitionsPerMember.Select(ps => (double)ps.Count).ToList();
    }

    /// <summary>(busiest − mean) / mean × 100; 0 without members or load.</summary>
    public static double ImbalancePercent(IReadOnlyList<double> loads)
    {
        if (loads.Count == 0)
        {
            return 0;
        }

        var mean = loads.Average();
        return mean <= 0 ? 0 : (loads.Max() - mean) / mean * 100;
    }
}
