namespace OrdersAspire.Analyzer.Analysis;

/// <summary>Everything the analyzer knows about one group at <see cref="At"/>: an immutable snapshot.</summary>
public sealed record GroupAnalysis
{
    public required string Group { get; init; }
    public required string Topic { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>kafka-consumer-groups' state: Stable (members), Empty (no members), Unknown (no data yet).</summary>
    public required string State { get; init; }
    public required string MembershipSource { get; init; }
    public required IReadOnlyList<PartitionAnalysis> Partitions { get; init; }
    public required IReadOnlyList<MemberAnalysis> Members { get; init; }
    public required long TotalLag { get; init; }
    public required double AverageLag { get; init; }
    public required long MaxLag { get; init; }
    public double? MaxLagSeconds { get; init; }
    public required double IncomingRate { get; init; }
    public required double ProcessingRate { get; init; }
    /// <summary>Seconds to clear the lag at current rates; null when the group is not gaining on it.</summary>
    public double? TimeToDrainSeconds { get; init; }
    public required int PartitionSpread { get; init; }
    public required double ImbalancePercent { get; init; }
    public required IReadOnlyList<HotPartition> HotPartitions { get; init; }
    public required BurrowStatus Status { get; init; }
    public required long MessagesLost { get; init; }
    public required IReadOnlyList<GroupRebalance> Rebalances { get; init; }
    public required double RebalancesPerHour { get; init; }
    public required long HeartbeatFailures { get; init; }
    public required double CommitSuccessRatio { get; init; }
    public required double PeakReplicaRate { get; init; }
    public required GroupHealth Health { get; init; }
    public required IReadOnlyList<string> DownMembers { get; init; }
    public IReadOnlyList<Alert> Alerts { get; init; } = [];

    public AlertInputs ToAlertInputs() => new(
        TotalLag, ProcessingRate, IncomingRate, Members.Count, RebalancesPerHour, ImbalancePercent,
        HeartbeatFailures, CommitSuccessRatio, Health, HotPartitions, DownMembers, MessagesLost);
}
