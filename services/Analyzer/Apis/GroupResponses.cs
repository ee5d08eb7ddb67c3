using OrdersAspire.Analyzer.Analysis;

namespace OrdersAspire.Analyzer.Apis;

// The API's response shapes, named after kafka-consumer-groups' views where one exists.

public sealed record GroupSummary(string Group, string State, int Members, int Partitions, long TotalLag, double AverageLag,
    BurrowStatus Status, string Health, int ActiveAlerts, DateTimeOffset At);

public sealed record DescribeResponse(string Group, string State, string MembershipSource, DateTimeOffset At, IReadOnlyList<PartitionAnalysis> Partitions);

/// <summary>kafka-consumer-groups --members: CONSUMER-ID HOST CLIENT-ID #PARTITIONS (+ ASSIGNMENT with --verbose).</summary>
public sealed record MemberRow(string ConsumerId, string Host, string ClientId, int PartitionCount, string Replica, IReadOnlyList<int>? Assignment);

public sealed record MembersResponse(string Group, bool Verbose, IReadOnlyList<MemberRow>? Members, IReadOnlyList<MemberAnalysis>? Details, IReadOnlyList<string> DownMembers);

public sealed record StateResponse(string Group, string State, string? AssignmentStrategy, string? Protocol, int Members, BurrowStatus Status,
    GroupHealth Health, long TotalLag, double AverageLag, long MaxLag, double? MaxLagSeconds, double IncomingRate, double ProcessingRate,
    double? TimeToDrainSeconds, long MessagesLost, long HeartbeatFailures, double CommitSuccessRatio, double RebalancesPerHour);

public sealed record BalanceResponse(string Group, int PartitionSpread, double ImbalancePercent, IReadOnlyList<MemberLoad> Members);

public sealed record MemberLoad(string Replica, string MemberId, int Partitions, double IncomingRate, double LoadSharePercent);

public sealed record HotPartitionsResponse(string Group, double Factor, double MinRate, IReadOnlyList<HotPartition> HotPartitions);

public sealed record RebalancesResponse(string Group, double RebalancesPerHour, IReadOnlyList<GroupRebalance> Rebalances);

public sealed record AlertsResponse(IReadOnlyList<Alert> Alerts);

public sealed record OffsetResetResponse(string Group, bool DryRun, bool Executed, string To, IReadOnlyList<OffsetResetRow> Partitions);
