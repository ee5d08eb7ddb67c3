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
    public void Each_assignment_after_a_revoke_or_loss_ends_the_pause_that_began_there(string script, string expected)
    {
        var history = new RebalanceHistory();
        var pauses = Events(script).Select(history.Record).OfType<RebalancePause>();
        Assert.Equal(expected, string.Join(" ", pauses.Select(p => $"{p.Cause.ToString()[0]}:{p.Duration.TotalSeconds}")));
    }

    [Fact]
    public void Keeps_only_the_last_events_oldest_first()
    {
        var history = new RebalanceHistory(capacity: 3);
        foreach (var e in Events("A@0 R@1 A@2 R@3 A@4 R@5 A@6"))
        {
            history.Record(e);
        }

        Assert.Equal([T0.AddSeconds(4), T0.AddSeconds(5), T0.AddSeconds(6)], history.Recent().Select(e => e.At));
        Assert.Equal([T0.AddSeconds(6)], history.Recent(1).Select(e => e.At));
    }

    [Fact]
    public void Rejects_a_useless_capacity() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RebalanceHistory(capacity: 0));
}
