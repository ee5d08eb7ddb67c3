using OrdersAspire.Analysis;

namespace OrdersAspire.Analyzer.Tests.Analysis;

public class CommitWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, (long, int, bool)[], long[]> Cases => new()
    {
        { "a moving offset is a new commit each time", [(1, 0, false), (2, 1, false), (3, 2, false)], [1, 2, 3] },
        { "an unchanged offset without commit activity is not a commit", [(1, 0, false), (1, 1, false), (1, 2, false)], [1] },
        { "an unchanged offset with commit activity is a commit (for STALL)", [(1, 0, false), (1, 1, true), (1, 2, true)], [1, 1, 1] },
        { "the window keeps the last 3", [(1, 0, false), (2, 1, false), (3, 2, false), (4, 3, false)], [2, 3, 4] },
        { "an observation not later in time is ignored", [(1, 5, false), (2, 5, false)], [1] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Records_commits(string name, (long, int, bool)[] observations, long[] expected)
    {
        var window = new CommitWindow(3);
        foreach (var (offset, second, activity) in observations)
        {
            window.Observe(offset, 10, T0.AddSeconds(second), activity);
        }

        Assert.True(expected.SequenceEqual(window.Entries.Select(e => e.Offset)), name);
    }
}
