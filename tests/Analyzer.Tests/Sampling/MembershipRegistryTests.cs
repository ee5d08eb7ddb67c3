using OrdersAspire.Analysis.Sampling;
using OrdersAspire.Analyzer.Tests.Support;
using OrdersAspire.GroupContracts.Rebalancing;
using OrdersAspire.GroupContracts.Reports;

namespace OrdersAspire.Analyzer.Tests.Sampling;

public class MembershipRegistryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static MembershipRegistry Registry() => new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5));

    [Fact]
    public void Keeps_the_latest_report_per_member_and_ignores_older_ones()
    {
        var registry = Registry();
        registry.Apply(Reports.Report("g", "r1", [0, 1], T0.AddSeconds(2)));
        registry.Apply(Reports.Report("g", "r1", [0, 1, 2], T0));             // older, arrives late
        registry.Apply(Reports.Report("g", "r2", [3], T0.AddSeconds(1)));
        registry.Apply(Reports.Report("other", "r9", [3], T0.AddSeconds(1)));
        var active = registry.Active("g", T0.AddSeconds(3));
        Assert.Equal(["r1", "r2"], active.Select(r => r.ReplicaId));
        Assert.Equal([0, 1], active[0].AssignedPartitions);
    }

    [Theory]
    [InlineData(5.9, true)]    // within 3 intervals of 2 s
    [InlineData(6.0, true)]
    [InlineData(6.1, false)]   // silent too long
    public void A_member_expires_after_three_report_intervals(double secondsLater, bool stillActive)
    {
        var registry = Registry();
        registry.Apply(Reports.Report("g", "r1", [0], T0));
        Assert.Equal(stillActive, registry.Active("g", T0.AddSeconds(secondsLater)).Count == 1);
        Assert.Equal(!stillActive, registry.Down("g", T0.AddSeconds(secondsLater)).Contains("r1"));
    }

    [Fact]
    public void A_leaving_member_is_gone_at_once_and_not_down()
    {
        var registry = Registry();
        registry.Apply(Reports.Report("g", "r1", [0], T0));
        registry.Apply(Reports.Report("g", "r1", [], T0.AddSeconds(1), ConsumerActivity.Leaving));
        Assert.Empty(registry.Active("g", T0.AddSeconds(1)));
        Assert.Empty(registry.Down("g", T0.AddSeconds(1)));
    }

    [Fact]
    public void A_down_member_that_reports_again_is_back_and_down_entries_expire()
    {
        var registry = Registry();
        registry.Apply(Reports.Report("g", "r1", [0], T0));
        registry.Active("g", T0.AddSeconds(10));
        Assert.Equal(["r1"], registry.Down("g", T0.AddSeconds(10)));
        Assert.Empty(registry.Down("g", T0.AddMinutes(6)));
        registry.Apply(Reports.Report("g", "r1", [0], T0.AddMinutes(6)));
        Assert.Single(registry.Active("g", T0.AddMinutes(6)));
    }

    [Fact]
    public void Rebalance_events_repeated_in_reports_are_kept_once()
    {
        var registry = Registry();
        RebalanceEvent[] events = [new(T0, RebalanceKind.Assigned, [0, 1], "m1")];
        registry.Apply(Reports.Report("g", "r1", [0, 1], T0, rebalances: events));
        registry.Apply(Reports.Report("g", "r1", [0, 1], T0.AddSeconds(2), rebalances: events));
        Assert.Single(registry.RebalanceEvents("g"));
    }
}
