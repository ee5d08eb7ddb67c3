namespace OrdersAspire.Analysis;

/// <summary>Everything the analyzer knows about one group at <see cref="At"/>: an immutable snapshot.</summary>
public sealed record GroupAnalysis
{
    public required string Group { get; init; }
    public required string Topic { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>kafka-consumer-groups' state: the broker's (Stable, PreparingRebalance, CompletingRebalance, Empty, Dead)
    /// where it describes groups; else from the reports, Stable (members) or Empty (none); else Unknown.</summary>
    public required string State { get; init; }
    /// <summary>Where <see cref="State"/> comes from: <c>broker</c>, <c>reports</c> or <c>unknown</c>.</summary>
    public required string StateSource { get; init; }
    /// <summary>The group protocol, <c>classic</c> or <c>consumer</c> (KIP-848), or <c>unknown</c>.</summary>
    public required string Protocol { get; init; }
    /// <summary>Where <see cref="Protocol"/> comes from: <c>broker</c>, <c>reports</c> or <c>unknown</c>.</summary>
    public required string ProtocolSource { get; init; }
    /// <summary><c>admin</c> (the broker), <c>reports</c>, or <c>unknown</c>: then <see cref="Members"/> is empty because
    /// nobody can say, not because the group has none.</summary>
    public required string MembershipSource { get; init; }
    /// <summary>Whether the group's consumers publish reports; without them the report-dependent signals are null.</summary>
    public required bool HasReports { get; init; }
    /// <summary>Names of the values that are unknown for this group (null in this snapshot), e.g. <c>rebalancesPerHour</c>.</summary>
    public required IReadOnlyList<string> UnknownSignals { get; init; }
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
    /// <summary>Null without reports (unknown, not zero).</summary>
    public required double? RebalancesPerHour { get; init; }
    /// <summary>Null without reports (unknown, not zero).</summary>
    public required long? HeartbeatFailures { get; init; }
    /// <summary>Null without reports (unknown, not healthy).</summary>
    public required double? CommitSuccessRatio { get; init; }
    /// <summary>Messages per second one replica processed while the group had lag; null until measured.</summary>
    public required double? MeasuredReplicaCapacity { get; init; }
    public required GroupHealth Health { get; init; }
    public required IReadOnlyList<string> DownMembers { get; init; }
    public IReadOnlyList<Alert> Alerts { get; init; } = [];
    /// <summary>The group's autoscaling (settings, latest and recent decisions); null when autoscaling is not enabled for it.</summary>
    public Scaling.AutoscaleStatus? Autoscale { get; init; }
    /// <summary>The rules that cannot be judged for this group (their input is unknown), with the reason.</summary>
    public IReadOnlyList<AlertCondition> NotEvaluable { get; init; } = [];

    /// <summary>Live members; null when the membership is unknown.</summary>
    public int? ActiveMembers => MembershipSource == GroupMembership.Unknown ? null : Members.Count;

    public AlertInputs ToAlertInputs() => new(
        TotalLag, ProcessingRate, IncomingRate, ActiveMembers, RebalancesPerHour, ImbalancePercent,
        HeartbeatFailures, CommitSuccessRatio, Health, HotPartitions, HasReports ? DownMembers : null, MessagesLost);
}
