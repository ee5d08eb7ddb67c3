using OrdersAspire.Analysis;

namespace OrdersAspire.Analyzer.Tests.Analysis;

public class LoadBalanceTests
{
    [Theory]
    [InlineData(new int[0], 0)]
    [InlineData(new[] { 2, 2, 2 }, 0)]
    [InlineData(new[] { 3, 3 }, 0)]
    [InlineData(new[] { 2, 2, 1, 1 }, 1)]
    [InlineData(new[] { 6, 0 }, 6)]
    public void Partition_spread(int[] counts, int expected) => Assert.Equal(expected, LoadBalance.PartitionSpread(counts));

    public static TheoryData<string, int[][], Dictionary<int, double>, double> ImbalanceCases => new()
    {
        { "even rates, even partitions", [[0, 1], [2, 3], [4, 5]], Rates(10, 10, 10, 10, 10, 10), 0 },
        { "busiest member holds a hot partition", [[0, 1], [2, 3], [4, 5]], Rates(100, 10, 10, 10, 10, 10), 120 },
        { "no traffic: by partition count", [[0, 1, 2, 3], [4, 5]], Rates(0, 0, 0, 0, 0, 0), 33.333 },
        { "no traffic, 6 over 4 members", [[0, 1], [2, 3], [4], [5]], [], 33.333 },
        { "idle member", [[0, 1, 2, 3, 4, 5], []], Rates(1, 1, 1, 1, 1, 1), 100 },
        { "no members", [], [], 0 },
    };

    [Theory]
    [MemberData(nameof(ImbalanceCases))]
    public void Imbalance_percent(string name, int[][] owned, Dictionary<int, double> rates, double expected)
    {
        var loads = LoadBalance.MemberLoads(owned.Select(o => (IReadOnlyList<int>)o).ToList(), rates);
        Assert.True(Math.Abs(expected - LoadBalance.ImbalancePercent(loads)) < 0.01, $"{name}: {LoadBalance.ImbalancePercent(loads)}");
    }

    private static Dictionary<int, double> Rates(params double[] rates) => rates.Select((r, i) => (i, r)).ToDictionary(x => x.i, x => x.r);
}
