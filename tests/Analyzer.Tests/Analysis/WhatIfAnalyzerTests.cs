using OrdersAspire.Analysis;
using OrdersAspire.GroupContracts.Assignment;

namespace OrdersAspire.Analyzer.Tests.Analysis;

public class WhatIfAnalyzerTests
{
    private static Dictionary<int, double> Rates(params double[] rates) => rates.Select((r, i) => (i, r)).ToDictionary(x => x.i, x => x.r);

    public static TheoryData<AssignmentStrategy, int, Dictionary<int, double>, int[][], int, double, int> Cases => new()
    {
        // strategy, replicas, rates, expected partitions per member, spread, imbalance %, idle replicas
        { AssignmentStrategy.Range, 3, Rates(10, 10, 10, 10, 10, 10), [[0, 1], [2, 3], [4, 5]], 0, 0, 0 },
        { AssignmentStrategy.Range, 4, Rates(10, 10, 10, 10, 10, 10), [[0, 1], [2, 3], [4], [5]], 1, 33.33, 0 },
        { AssignmentStrategy.RoundRobin, 3, Rates(10, 10, 10, 10, 10, 10), [[0, 3], [1, 4], [2, 5]], 0, 0, 0 },
        // hot partitions 0 and 1: range puts both on one member, round robin spreads them
        { AssignmentStrategy.Range, 3, Rates(100, 100, 10, 10, 10, 10), [[0, 1], [2, 3], [4, 5]], 0, 150, 0 },
        { AssignmentStrategy.RoundRobin, 3, Rates(100, 100, 10, 10, 10, 10), [[0, 3], [1, 4], [2, 5]], 0, 37.5, 0 },
        { AssignmentStrategy.CooperativeSticky, 3, Rates(100, 100, 10, 10, 10, 10), [[0, 3], [1, 4], [2, 5]], 0, 37.5, 0 },
        // more replicas than partitions: idle members
        { AssignmentStrategy.Range, 8, Rates(1, 1, 1, 1, 1, 1), [[0], [1], [2], [3], [4], [5], [], []], 1, 33.33, 2 },
        // nothing flowing: by partition count
        { AssignmentStrategy.Range, 4, Rates(0, 0, 0, 0, 0, 0), [[0, 1], [2, 3], [4], [5]], 1, 33.33, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Predicts_balance(AssignmentStrategy strategy, int replicas, Dictionary<int, double> rates, int[][] expected, int spread, double imbalance, int idle)
    {
        var result = WhatIfAnalyzer.Evaluate(strategy, replicas, 6, rates, "order-events");
        Assert.Equal(expected.Select(e => e.ToList()), result.Members.Select(m => m.Partitions.ToList()));
        Assert.Equal(spread, result.PartitionSpread);
        Assert.Equal(imbalance, result.ImbalancePercent, 1);
        Assert.Equal(idle, result.IdleReplicas);
        Assert.Equal(replicas, result.Members.Count);
    }

    [Fact]
    public void Table_covers_every_strategy_and_replica_count_up_to_the_partitions()
    {
        var table = WhatIfAnalyzer.Table(6, Rates(1, 1, 1, 1, 1, 1), "order-events", 100);
        Assert.Equal(3 * 6, table.Count);
        Assert.Equal(["cooperative-sticky", "range", "roundrobin"], table.Select(t => t.Strategy).Distinct().Order());
    }

    [Fact]
    public void Members_are_named_in_replica_order_beyond_nine()
    {
        var result = WhatIfAnalyzer.Evaluate(AssignmentStrategy.Range, 12, 12, new Dictionary<int, double>(), "t");
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"replica-{i}"), result.Members.Select(m => m.Member));
        Assert.Equal(Enumerable.Range(0, 12).Select(p => new[] { p }.ToList()), result.Members.Select(m => m.Partitions.ToList()));
    }
}
