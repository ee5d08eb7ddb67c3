namespace OrdersAspire.GroupContracts.Reports;

/// <summary>One assigned partition in a <see cref="ConsumerReport"/>. <see cref="Position"/> is the next offset to
/// process, <see cref="Committed"/> the group's committed offset, <see cref="HighWatermark"/> the log end the client
/// last saw (null when unknown); lag = high watermark − committed.</summary>
public sealed record PartitionReport(
    int Partition,
    long? Position,
    long? Committed,
    long? HighWatermark,
    long Processed,
    double RatePerSecond,
    DateTimeOffset? LastProcessedAt);
