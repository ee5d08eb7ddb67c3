using OrdersAspire.GroupContracts.Rebalancing;
using OrdersAspire.GroupContracts.Reports;

namespace OrdersAspire.Analyzer.Tests.Support;

/// <summary>Builds <see cref="ConsumerReport"/>s as the consumers publish them.</summary>
public static class Reports
{
    public static ConsumerReport Report(string group, string replica, int[] partitions, DateTimeOffset at,
        ConsumerActivity state = ConsumerActivity.Active, IReadOnlyList<RebalanceEvent>? rebalances = null, string? memberId = null) => new()
        {
            GroupId = group,
            MemberId = memberId ?? $"{replica}-member",
            ReplicaId = replica,
            Host = "127.0.0.1",
            Pid = 1234,
            ClientId = $"{replica}-client",
            Topic = "order-events",
            Strategy = "range",
            Protocol = "classic",
            AssignedPartitions = partitions,
            RecentRebalances = rebalances ?? [],
            Counters = new ConsumerCounters(0, 0, 0, 0, 0, 0, 1),
            State = state,
            ReportedAt = at,
        };
}
