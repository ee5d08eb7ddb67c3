namespace OrdersAspire.GroupContracts.Reports;

/// <summary>Totals since this member started, as the consumer runtime defines them (README, consumer groups: Counters);
/// its <c>GET /api/consumer</c> shows the same.</summary>
public sealed record ConsumerCounters(
    long Processed,
    long Duplicates,
    long DeadLettered,
    long CommitsAttempted,
    long CommitsFailed,
    long HeartbeatFailures,
    long Rebalances,
    long TransientFailures = 0);
