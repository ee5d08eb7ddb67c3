using OrdersAspire.ConsumerGroups.Rebalancing;
using OrdersAspire.GroupContracts.Rebalancing;

namespace OrdersAspire.ConsumerGroups.Tests.Rebalancing;

public sealed class RebalanceHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Events written as "A@0 R@5 A@8" (kind initial, seconds after T0).</summary>
    private static IEnumerable<RebalanceEvent> Events(string script) =>
        script.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(e => new RebalanceEvent(
            T0.AddSeconds(double.Parse(e[2..], System.Globalization.CultureInfo.InvariantCulture)),
            e[0] switch { 'A' => RebalanceKind.Assigned, 'R' => RebalanceKind.Revoked, _ => RebalanceKind.Lost },
            [0, 1], "m1", 1));

    [Theory]
    [InlineData("A@0", "")]
    [InlineData("A@0 R@10 A@15", "R:5")]
    [InlineData("A@0 L@10 A@22.5", "L:12.5")]
    [InlineData("A@0 R@10 R@11 L@12 A@20", "R:10")]              // a pause starts at the first revoke
    [InlineData("A@0 R@10 A@15 A@16 R@30 A@31", "R:5 R:1")]      // an assignment without a revoke ends nothing
    [InlineData("R@0 A@3", "R:3")]
    [InlineData("A@0 R@10", "")]                                 // still paused
    public void Pauses_run_from_a_revoke_or_loss_to_the_next_assignment(string script, string expected)
    {
        var history = new RebalanceHistory();
        foreach (var e in Events(script))
            history.Record(e);
        Assert.Equal(expected, string.Join(" ", history.Pauses().Select(p => $"{p.Cause.ToString()[0]}:{p.Duration.TotalSeconds}")));
    }

    [Fact]
    public void Record_returns_the_pause_an_assignment_ends_and_reports_a_pause_in_progress()
    {
        var history = new RebalanceHistory();
        var events = Events("A@0 R@10 A@14").ToList();
        Assert.Null(history.Record(events[0]));
        Assert.Null(history.Record(events[1]));
        Assert.Equal(T0.AddSeconds(10), history.PausedSince);
        Assert.Equal(new RebalancePause(T0.AddSeconds(10), T0.AddSeconds(14), RebalanceKind.Revoked), history.Record(events[2]));
        Assert.Null(history.PausedSince);
    }

    [Theory]
    [InlineData("A@0 A@600 A@1200 A@3000", 3599.999, 4)]
    [InlineData("A@0 A@600 A@1200 A@3000", 3600, 3)]       // the one at 0 left the hour window (now - 1 h, now]
    [InlineData("A@0 R@1 A@2 L@3 A@4", 10, 3)]             // revokes and losses are not rebalances of their own
    [InlineData("A@100", 50, 0)]                            // not yet happened
    public void Counts_rebalances_in_the_sliding_hour(string script, double nowSeconds, int expected)
    {
        var history = new RebalanceHistory();
        foreach (var e in Events(script))
            history.Record(e);
        var now = T0.AddSeconds(nowSeconds);
        Assert.Equal(expected, history.RebalancesInWindow(now));
        Assert.Equal(expected, history.RebalancesPerHour(now));
    }

    [Fact]
    public void Rate_per_hour_scales_a_shorter_window()
    {
        var history = new RebalanceHistory(window: TimeSpan.FromMinutes(10));
        foreach (var e in Events("A@0 A@60 A@120 A@700"))
            history.Record(e);
        Assert.Equal(2, history.RebalancesInWindow(T0.AddSeconds(700)));   // 120 and 700 within (100, 700]
        Assert.Equal(12, history.RebalancesPerHour(T0.AddSeconds(700)));
    }

    [Fact]
    public void Keeps_only_the_last_events_and_pauses_but_counts_all_rebalances()
    {
        var history = new RebalanceHistory(capacity: 3);
        foreach (var e in Events("A@0 R@1 A@2 R@3 A@4 R@5 A@6"))
            history.Record(e);
        Assert.Equal([T0.AddSeconds(4), T0.AddSeconds(5), T0.AddSeconds(6)], history.Recent().Select(e => e.At));
        Assert.Equal([T0.AddSeconds(6)], history.Recent(1).Select(e => e.At));
        Assert.Equal(3, history.Pauses().Count);
        Assert.Equal(4, history.TotalRebalances);
    }

    [Fact]
    public void Rejects_a_useless_configuration()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RebalanceHistory(capacity: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RebalanceHistory(window: TimeSpan.Zero));
    }
}
