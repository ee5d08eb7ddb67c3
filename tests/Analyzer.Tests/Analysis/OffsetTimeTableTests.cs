using OrdersAspire.Analysis;

namespace OrdersAspire.Analyzer.Tests.Analysis;

public class OffsetTimeTableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static OffsetTimeTable Table(params (long Offset, int Second)[] points)
    {
        var table = new OffsetTimeTable(10);
        foreach (var (offset, second) in points)
        {
            table.Add(new OffsetPoint(offset, T0.AddSeconds(second)));
        }

        return table;
    }

    public static TheoryData<string, (long, int)[], long, int, double?> LagCases => new()
    {
        // name, points, committed, now (s), expected lag seconds
        { "caught up", [(100, 0), (200, 10)], 200, 20, 0 },
        { "ahead of the last sample counts as caught up", [(100, 0), (200, 10)], 250, 20, 0 },
        { "interpolated between two points", [(100, 0), (200, 10)], 150, 20, 15 },
        { "interpolated on the second segment", [(0, 0), (100, 10), (300, 20)], 200, 30, 15 },
        { "older than the table: extrapolated", [(100, 10), (200, 20)], 50, 30, 25 },
        { "single point and behind: unknown", [(100, 0)], 50, 10, null },
        { "flat table and behind: first time is a lower bound", [(100, 0), (100, 10)], 50, 20, 20 },
        { "exactly on a point", [(0, 0), (100, 10), (300, 20)], 100, 30, 20 },
    };

    [Theory]
    [MemberData(nameof(LagCases))]
    public void Lag_in_seconds(string name, (long, int)[] points, long committed, int nowSecond, double? expected)
    {
        var lag = Table(points).LagTime(committed, T0.AddSeconds(nowSecond));
        Assert.True(expected is null ? lag is null : lag is not null && Math.Abs(lag.Value.TotalSeconds - expected.Value) < 0.01,
            $"{name}: expected {expected}, got {lag?.TotalSeconds}");
    }

    public static TheoryData<string, (long, int)[], (long, int)[]> AddCases => new()
    {
        { "keeps increasing points", [(1, 0), (2, 1), (3, 2)], [(1, 0), (2, 1), (3, 2)] },
        { "ignores a point not later in time", [(1, 0), (2, 1), (5, 1)], [(1, 0), (2, 1)] },
        { "compresses a flat line by moving its right end", [(1, 0), (5, 1), (5, 2), (5, 3)], [(1, 0), (5, 1), (5, 3)] },
        { "a lower offset restarts the table", [(10, 0), (20, 1), (3, 2)], [(3, 2)] },
    };

    [Theory]
    [MemberData(nameof(AddCases))]
    public void Adding_points(string name, (long, int)[] added, (long, int)[] expected)
    {
        var table = Table(added);
        Assert.True(expected.Select(e => new OffsetPoint(e.Item1, T0.AddSeconds(e.Item2))).SequenceEqual(table.Points), name);
    }

    [Fact]
    public void Table_keeps_at_most_its_limit()
    {
        var table = new OffsetTimeTable(3);
        for (var i = 0; i < 5; i++)
        {
            table.Add(new OffsetPoint(i * 10, T0.AddSeconds(i)));
        }

        Assert.Equal([20L, 30L, 40L], table.Points.Select(p => p.Offset));
    }
}
