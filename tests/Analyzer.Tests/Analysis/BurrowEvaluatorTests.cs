using OrdersAspire.Analysis;

namespace OrdersAspire.Analyzer.Tests.Analysis;

/// <summary>Burrow's rules, one table row per rule and the edges between them. Windows are (offset, lag, second).</summary>
public class BurrowEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, (long, long, int)[], long, int, BurrowStatus> Cases => new()
    {
        { "empty window", [], 100, 10, BurrowStatus.Ok },
        { "rule 1: no lag now", [(10, 5, 0), (20, 5, 10)], 0, 11, BurrowStatus.Ok },
        { "rule 1: lag was zero once in the window", [(10, 0, 0), (10, 50, 10), (10, 80, 20)], 80, 100, BurrowStatus.Ok },
        { "rule 2: offset went back = REWIND", [(100, 10, 0), (50, 60, 10), (60, 70, 20)], 70, 21, BurrowStatus.Rewind },
        { "rule 2 wins over rule 3", [(100, 10, 0), (50, 60, 10)], 70, 1000, BurrowStatus.Rewind },
        { "rule 3: silent longer than the window spans = STOP", [(10, 5, 0), (20, 5, 10)], 5, 21, BurrowStatus.Stop },
        { "rule 3: not yet stopped at equal span", [(10, 5, 0), (20, 5, 10)], 5, 20, BurrowStatus.Warn },
        { "rule 4: same offset committed = STALL", [(10, 5, 0), (10, 6, 10), (10, 7, 20)], 7, 21, BurrowStatus.Stall },
        { "rule 5: offsets move, lag never falls = WARN", [(10, 5, 0), (20, 6, 10), (30, 8, 20)], 8, 21, BurrowStatus.Warn },
        { "rule 5: lag fell once = OK", [(10, 5, 0), (20, 4, 10), (30, 8, 20)], 8, 21, BurrowStatus.Ok },
        { "single commit with lag, time passed = STOP", [(10, 5, 0)], 5, 1, BurrowStatus.Stop },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Partition_status(string name, (long, long, int)[] window, long currentLag, int nowSecond, BurrowStatus expected)
    {
        var entries = window.Select(w => new CommitEntry(w.Item1, w.Item2, T0.AddSeconds(w.Item3))).ToList();
        Assert.True(expected == BurrowEvaluator.EvaluatePartition(entries, currentLag, T0.AddSeconds(nowSecond)),
            $"{name}: got {BurrowEvaluator.EvaluatePartition(entries, currentLag, T0.AddSeconds(nowSecond))}");
    }

    [Theory]
    [InlineData(new BurrowStatus[0], BurrowStatus.Ok)]
    [InlineData(new[] { BurrowStatus.Ok, BurrowStatus.Ok }, BurrowStatus.Ok)]
    [InlineData(new[] { BurrowStatus.Ok, BurrowStatus.Warn }, BurrowStatus.Warn)]
    [InlineData(new[] { BurrowStatus.Warn, BurrowStatus.Stop }, BurrowStatus.Err)]
    [InlineData(new[] { BurrowStatus.Stall, BurrowStatus.Ok }, BurrowStatus.Err)]
    [InlineData(new[] { BurrowStatus.Rewind }, BurrowStatus.Err)]
    public void Group_status_is_the_worst_partition_capped_at_ERR(BurrowStatus[] partitions, BurrowStatus expected) =>
        Assert.Equal(expected, BurrowEvaluator.EvaluateGroup(partitions));
}
