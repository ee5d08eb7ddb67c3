namespace OrdersAspire.Analysis;

/// <summary>One row of describe: kafka-consumer-groups' columns (TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG
/// CONSUMER-ID HOST CLIENT-ID) plus ours. <see cref="CurrentOffset"/> is null when the group never committed (then
/// <see cref="Lag"/> counts from the log start); <see cref="LagSeconds"/> is null while too few samples exist.</summary>
public sealed record PartitionAnalysis(
    string Topic,
    int Partition,
    long? CurrentOffset,
    long LogEndOffset,
    long LogStartOffset,
    long Lag,
    string? ConsumerId,
    string? Host,
    string? ClientId,
    string? Replica,
    double? LagSeconds,
    double IncomingRate,
    double ProcessingRate,
    BurrowStatus Status,
    long MessagesLost,
    bool Hot);
