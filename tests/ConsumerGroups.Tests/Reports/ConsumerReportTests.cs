using System.Text;
using System.Text.Json.Nodes;
using OrdersAspire.ConsumerGroups.Rebalancing;
using OrdersAspire.ConsumerGroups.Reports;
using OrdersAspire.GroupContracts.Rebalancing;
using OrdersAspire.GroupContracts.Reports;

namespace OrdersAspire.ConsumerGroups.Tests.Reports;

public sealed class ConsumerReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static ConsumerReport Sample(ConsumerActivity state = ConsumerActivity.Active) => new()
    {
        GroupId = "analytics",
        MemberId = "rdkafka-1234",
        ReplicaId = "host-42",
        Host = "host",
        Pid = 42,
        ClientId = "analytics-host-42",
        Topic = "order-events",
        Strategy = "cooperative-sticky",
        Protocol = "classic",
        AssignedPartitions = [1, 4],
        RecentRebalances =
        [
            new RebalanceEvent(T0, RebalanceKind.Assigned, [1, 4], "rdkafka-1234", 3),
            new RebalanceEvent(T0.AddSeconds(9), RebalanceKind.Lost, [4], "rdkafka-1234"),
        ],
        Partitions = [new PartitionReport(1, 120, 100, 130, 120, 12.5, T0.AddSeconds(1)), new PartitionReport(4, null, null, null, 0, 0, null)],
        Counters = new ConsumerCounters(120, 3, 1, 10, 1, 0, 2, 4),
        State = state,
        ReportedAt = T0.AddSeconds(10),
    };

    [Theory]
    [InlineData(ConsumerActivity.Active)]
    [InlineData(ConsumerActivity.Leaving)]
    public void Round_trips_through_json(ConsumerActivity state)
    {
        var report = Sample(state);
        Assert.True(ConsumerReport.TryParse(report.Serialize(), out var back, out var error), error);
        Assert.Equal(report.Counters, back.Counters);
        Assert.Equal(report.Partitions, back.Partitions);
        Assert.Equal(report.AssignedPartitions, back.AssignedPartitions);
        Assert.Equal(report.RecentRebalances.Select(e => (e.At, e.Kind, string.Join(",", e.Partitions), e.MemberId, e.Generation)),
            back.RecentRebalances.Select(e => (e.At, e.Kind, string.Join(",", e.Partitions), e.MemberId, e.Generation)));
        Assert.Equal(report with { AssignedPartitions = [], RecentRebalances = [], Partitions = [] },
            back with { AssignedPartitions = [], RecentRebalances = [], Partitions = [] });
    }

    [Fact]
    public void Json_uses_camel_case_names_and_lower_case_enum_names()
    {
        var json = JsonNode.Parse(Sample(ConsumerActivity.Leaving).Serialize())!.AsObject();
        Assert.Equal(
            ["schemaVersion", "groupId", "memberId", "replicaId", "host", "pid", "clientId", "topic", "strategy", "protocol",
             "assignedPartitions", "recentRebalances", "partitions", "counters", "state", "reportedAt"],
            json.Select(p => p.Key));
        Assert.Equal("leaving", (string?)json["state"]);
        Assert.Equal(1, (int?)json["schemaVersion"]);
        Assert.Equal("lost", (string?)json["recentRebalances"]![1]!["kind"]);
        Assert.Equal(["partition", "position", "committed", "highWatermark", "processed", "ratePerSecond", "lastProcessedAt"],
            json["partitions"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(["processed", "duplicates", "deadLettered", "commitsAttempted", "commitsFailed", "heartbeatFailures", "rebalances", "transientFailures"],
            json["counters"]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("not json", "malformed consumer report: ")]
    [InlineData("null", "report is JSON null")]
    [InlineData("""{"groupId":"g"}""", "malformed consumer report: ")]
    public void Bad_reports_are_refused_with_a_reason(string json, string reasonStart)
    {
        Assert.False(ConsumerReport.TryParse(Encoding.UTF8.GetBytes(json), out var report, out var error));
        Assert.Null(report);
        Assert.StartsWith(reasonStart, error);
    }
}
