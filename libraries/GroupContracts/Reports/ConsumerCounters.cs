namespace OrdersAspire.GroupContracts.Reports;

/// <summary>Totals since this member started.</summary>
public sealed record ConsumerCounters(
    long Processed,
    long Duplicates,
    long DeadLettered,
    long CommitsAttempted,
    long CommitsFailed,
    long HeartbeatFailures,
    long Rebalances,
    long TransientFailures = 0);
