namespace OrdersAspire.Analysis;

/// <summary>What the alert rules look at, extracted from a group's analysis. A null value is unknown (the signal needs
/// the consumers' reports, or a membership source, and the group has none): the rules that need it are not evaluable.</summary>
public sealed record AlertInputs(
    long TotalLag,
    double ProcessingRate,
    double IncomingRate,
    int? ActiveMembers,
    double? RebalancesPerHour,
    double ImbalancePercent,
    long? HeartbeatFailures,
    double? CommitSuccessRatio,
    GroupHealth Health,
    IReadOnlyList<HotPartition> HotPartitions,
    IReadOnlyList<string>? DownMembers,
    long MessagesLost);
