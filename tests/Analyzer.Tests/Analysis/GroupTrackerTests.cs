using OrdersAspire.Analysis;
using OrdersAspire.Analysis.Configuration;
using OrdersAspire.GroupContracts.Reports;

namespace OrdersAspire.Analyzer.Tests.Analysis;

/// <summary>The tracker composed over a scripted series of samples (no Kafka): lag, owners, rates, status, loss.</summary>
public class GroupTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly AnalyzerOptions Options = new() { Groups = ["g"], RateWindowSeconds = 10 };

    private static MemberInput Member(string replica, int[] partitions, long commitsAttempted = 0, long commitsFailed = 0, long heartbeatFailures = 0) =>
        new($"{replica}-id", replica, "host", $"{replica}-client", "range", "classic", partitions,
            new ConsumerCounters(0, 0, 0, commitsAttempted, commitsFailed, heartbeatFailures, 1), T0);

    private static PartitionOffsets[] Offsets(long logEnd, long committed, long logStart = 0) =>
        Enumerable.Range(0, 6).Select(p => new PartitionOffsets(p, logStart, logEnd, committed)).ToArray();

    [Fact]
    public void Lag_owners_and_rates_from_a_series_of_samples()
    {
        var tracker = new GroupTracker("g", Options);
        MemberInput[] members = [Member("r1", [0, 1]), Member("r2", [2, 3]), Member("r3", [4, 5])];
        GroupAnalysis a = null!;
        for (var s = 0; s <= 10; s++)
        {
            a = tracker.Analyze("t", T0.AddSeconds(s), Offsets(logEnd: 100 * s, committed: 50 * s), members, [], [], "reports");
        }

        Assert.Equal(6, a.Partitions.Count);
        Assert.All(a.Partitions, p => Assert.Equal(500, p.Lag));
        Assert.Equal(3000, a.TotalLag);
        Assert.Equal(["r1", "r1", "r2", "r2", "r3", "r3"], a.Partitions.Select(p => p.Replica));
        Assert.Equal(600, a.IncomingRate, 3);
        Assert.Equal(300, a.ProcessingRate, 3);
        Assert.Null(a.TimeToDrainSeconds);              // processing slower than incoming: never drains
        Assert.Equal(5, a.Partitions[0].LagSeconds!.Value, 3); // committed 500 was the log end at second 5
        Assert.Equal("Stable", a.State);
        Assert.Equal(0, a.PartitionSpread);
        Assert.True(a.Health.Healthy);
        Assert.Equal(BurrowStatus.Warn, a.Status);      // offsets move, lag never decreases
        Assert.All(a.Members, m => Assert.Equal(33.3, m.LoadSharePercent, 1));
    }

    [Fact]
    public void Committed_behind_the_log_start_counts_lost_messages_once_and_keeps_them()
    {
        var tracker = new GroupTracker("g", Options);
        var a1 = tracker.Analyze("t", T0, Offsets(logEnd: 1000, committed: 100, logStart: 400), [], [], [], "reports");
        Assert.Equal(6 * 300, a1.MessagesLost);
        var a2 = tracker.Analyze("t", T0.AddSeconds(1), Offsets(logEnd: 1000, committed: 100, logStart: 400), [], [], [], "reports");
        Assert.Equal(6 * 300, a2.MessagesLost);
        var a3 = tracker.Analyze("t", T0.AddSeconds(2), Offsets(logEnd: 1000, committed: 450, logStart: 400), [], [], [], "reports");
        Assert.Equal(6 * 300, a3.MessagesLost);
        Assert.Equal("Empty", a3.State);
    }

    [Fact]
    public void Counters_in_the_window_give_heartbeat_failures_and_commit_success()
    {
        var tracker = new GroupTracker("g", Options);
        tracker.Analyze("t", T0, Offsets(10, 10), [Member("r1", [0, 1, 2, 3, 4, 5], commitsAttempted: 100, commitsFailed: 0)], [], [], "reports");
        var a = tracker.Analyze("t", T0.AddSeconds(1), Offsets(10, 10),
            [Member("r1", [0, 1, 2, 3, 4, 5], commitsAttempted: 200, commitsFailed: 5, heartbeatFailures: 2)], [], [], "reports");
        Assert.Equal(2, a.HeartbeatFailures);
        Assert.Equal(0.95, a.CommitSuccessRatio!.Value, 3);
    }

    [Fact]
    public void A_group_that_never_committed_lags_from_the_log_start()
    {
        var tracker = new GroupTracker("g", Options);
        var never = Enumerable.Range(0, 6).Select(p => new PartitionOffsets(p, 0, 0, null)).ToArray();
        tracker.Analyze("t", T0, never, [], [], [], "reports");
        var produced = Enumerable.Range(0, 6).Select(p => new PartitionOffsets(p, 0, 100, null)).ToArray();
        var a = tracker.Analyze("t", T0.AddSeconds(10), produced, [], [], [], "reports");
        Assert.All(a.Partitions, p => Assert.Equal(100, p.Lag));
        Assert.All(a.Partitions, p => Assert.Null(p.CurrentOffset));
        Assert.All(a.Partitions, p => Assert.Equal(10, p.LagSeconds));
        Assert.Equal(BurrowStatus.Ok, a.Status);        // Burrow judges commits; there are none
    }

    [Fact]
    public void Counters_of_a_member_seen_once_are_not_counted_as_recent()
    {
        var tracker = new GroupTracker("g", Options);
        var a = tracker.Analyze("t", T0, Offsets(10, 10), [Member("r1", [0, 1, 2, 3, 4, 5], commitsAttempted: 100, commitsFailed: 50, heartbeatFailures: 7)], [], [], "reports");
        Assert.Equal(0, a.HeartbeatFailures);
        Assert.Equal(1, a.CommitSuccessRatio);
    }

    [Fact]
    public void Unhealthy_past_1000_average_and_imbalance_by_partition_count_when_idle()
    {
        var tracker = new GroupTracker("g", Options);
        var a = tracker.Analyze("t", T0, Offsets(logEnd: 2000, committed: 500), [Member("r1", [0, 1, 2, 3]), Member("r2", [4, 5])], [], [], "reports");
        Assert.False(a.Health.Healthy);
        Assert.Equal(1500, a.AverageLag);
        Assert.Equal(2, a.PartitionSpread);
        Assert.Equal(33.33, a.ImbalancePercent, 2);
    }
}

/// <summary>Where state, protocol and the report-dependent signals come from.</summary>
public class GroupTrackerSourcesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly AnalyzerOptions Options = new() { Groups = ["g"], RateWindowSeconds = 10 };
    private static readonly PartitionOffsets[] Offsets = Enumerable.Range(0, 6).Select(p => new PartitionOffsets(p, 0, 10, 4)).ToArray();

    private static MemberInput Member(string protocol, ConsumerCounters? counters) =>
        new("m1", "r1", "host", "c1", "range", protocol, [0, 1, 2, 3, 4, 5], counters, T0);

    [Fact]
    public void Without_reports_or_broker_the_report_signals_members_and_state_are_unknown()
    {
        var a = new GroupTracker("g", Options).Analyze("t", T0, Offsets, new GroupMembership("unknown", [], HasReports: false), [], []);
        Assert.Equal(("Unknown", "unknown", "unknown", "unknown"), (a.State, a.StateSource, a.Protocol, a.ProtocolSource));
        Assert.Null(a.RebalancesPerHour);
        Assert.Null(a.HeartbeatFailures);
        Assert.Null(a.CommitSuccessRatio);
        Assert.Null(a.ActiveMembers);
        Assert.Equal(["members", "owners", "rebalancesPerHour", "heartbeatFailures", "commitSuccessRatio", "downMembers"], a.UnknownSignals);
        Assert.All(a.Partitions, p => Assert.Equal(6, p.Lag));
        Assert.Null(a.ToAlertInputs().DownMembers);
    }

    [Fact]
    public void The_broker_gives_state_and_protocol_and_reports_the_counters()
    {
        var a = new GroupTracker("g", Options).Analyze("t", T0, Offsets,
            new GroupMembership("admin", [Member("consumer", null)], HasReports: false, BrokerState: "PreparingRebalance", BrokerProtocol: "consumer"), [], []);
        Assert.Equal(("PreparingRebalance", "broker", "consumer", "broker"), (a.State, a.StateSource, a.Protocol, a.ProtocolSource));
        Assert.Equal(1, a.ActiveMembers);
        Assert.Null(a.RebalancesPerHour);
        Assert.Equal(["rebalancesPerHour", "heartbeatFailures", "commitSuccessRatio", "downMembers"], a.UnknownSignals);
    }

    [Fact]
    public void Reports_imply_state_and_protocol_and_say_so()
    {
        var tracker = new GroupTracker("g", Options);
        var a = tracker.Analyze("t", T0, Offsets, new GroupMembership("reports", [Member("classic", new ConsumerCounters(0, 0, 0, 0, 0, 0, 1))], HasReports: true), [], []);
        Assert.Equal(("Stable", "reports", "classic", "reports"), (a.State, a.StateSource, a.Protocol, a.ProtocolSource));
        Assert.Equal(0, a.RebalancesPerHour);
        Assert.Equal(1, a.CommitSuccessRatio);
        Assert.Empty(a.UnknownSignals);
        var empty = tracker.Analyze("t", T0.AddSeconds(1), Offsets, new GroupMembership("reports", [], HasReports: true), [], []);
        Assert.Equal(("Empty", "reports", "unknown"), (empty.State, empty.StateSource, empty.Protocol));
    }
}
