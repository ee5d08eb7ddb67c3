using OrdersAspire.Analysis;

namespace OrdersAspire.Analyzer.Apis;

// The API's response shapes, named after kafka-consumer-groups' views where one exists.

public sealed record GroupSummary(string Group, bool Configured, string State, int? Members, int Partitions, long TotalLag, double AverageLag,
    BurrowStatus Status, string Health, int ActiveAlerts, DateTimeOffset At);

/// <summary>--describe: the partitions, plus where the state and members come from and which values are unknown.</summary>
public sealed record DescribeResponse(string Group, string State, string StateSource, string Protocol, string MembershipSource, bool HasReports,
    DateTimeOffset At, IReadOnlyList<PartitionAnalysis> Partitions, IReadOnlyList<string> UnknownSignals)
{
    public static DescribeResponse From(GroupAnalysis a) =>
        new(a.Group, a.State, a.StateSource, a.Protocol, a.MembershipSource, a.HasReports, a.At, a.Partitions, a.UnknownSignals);
}

/// <summary>kafka-consumer-groups --members: CONSUMER-ID HOST CLIENT-ID #PARTITIONS (+ ASSIGNMENT with --verbose).</summary>
public sealed record MemberRow(string ConsumerId, string Host, string ClientId, int PartitionCount, string Replica, IReadOnlyList<int>? Assignment);

/// <summary><see cref="DownMembers"/> is null (unknown) for a group without reports.</summary>
public sealed record MembersResponse(string Group, string MembershipSource, bool Verbose, IReadOnlyList<MemberRow>? Members, IReadOnlyList<MemberAnalysis>? Details, IReadOnlyList<string>? DownMembers);

/// <summary>--describe --state plus totals. A null is unknown (<see cref="UnknownSignals"/> names them): members when no
/// source can say, the report-dependent counters for a group without reports.</summary>
public sealed record StateResponse(string Group, string State, string StateSource, string? AssignmentStrategy, string Protocol, string ProtocolSource,
    int? Members, string MembershipSource, BurrowStatus Status, GroupHealth Health, long TotalLag, double AverageLag, long MaxLag, double? MaxLagSeconds,
    double IncomingRate, double ProcessingRate, double? TimeToDrainSeconds, long MessagesLost, long? HeartbeatFailures, double? CommitSuccessRatio,
    double? RebalancesPerHour, IReadOnlyList<string> UnknownSignals);

public sealed record BalanceResponse(string Group, int PartitionSpread, double ImbalancePercent, IReadOnlyList<MemberLoad> Members);

public sealed record MemberLoad(string Replica, string MemberId, int Partitions, double IncomingRate, double LoadSharePercent);

public sealed record HotPartitionsResponse(string Group, double Factor, double MinRate, IReadOnlyList<HotPartition> HotPartitions);

public sealed record RebalancesResponse(string Group, double? RebalancesPerHour, IReadOnlyList<GroupRebalance> Rebalances);

/// <summary>Firing alerts, and the rules that cannot be judged for the group (<see cref="NotEvaluable"/>; omitted in the
/// all-groups list).</summary>
public sealed record AlertsResponse(IReadOnlyList<Alert> Alerts, IReadOnlyList<AlertCondition>? NotEvaluable = null);

public sealed record OffsetResetResponse(string Group, bool DryRun, bool Executed, string To, IReadOnlyList<OffsetResetRow> Partitions);
