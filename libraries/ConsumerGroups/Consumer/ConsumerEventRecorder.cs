using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.DeadLetters;
using OrdersAspire.ConsumerGroups.Rebalancing;
using OrdersAspire.ConsumerGroups.Reports;
using OrdersAspire.GroupContracts.Rebalancing;

namespace OrdersAspire.ConsumerGroups.Consumer;

/// <summary>Records each consumer event once, in every place it shows: <see cref="ConsumerState"/> (for
/// <c>/api/consumer</c>, health and the reports), <see cref="ConsumerMetrics"/>, <see cref="RebalanceHistory"/> and the
/// log; a rebalance also asks for a fresh report (<see cref="ReportRequest"/>). Nothing else writes the counters, so
/// each has one definition — these, shown alike by <c>/api/consumer</c> and the reports' <c>counters</c>:
/// <list type="bullet">
/// <item><c>processed</c>: messages of batches made durable (orders applied and dead letters acknowledged), counted as
/// the batch's offset is stored; a redelivered message counts again.</item>
/// <item><c>duplicates</c>: redelivered orders the idempotent store recognised and left unchanged.</item>
/// <item><c>deadLettered</c>: messages the dead-letter topic acknowledged.</item>
/// <item><c>commitsAttempted</c>, <c>commitsFailed</c>: offset commits that had something to commit (librdkafka's periodic
/// ones, and the synchronous ones on revoke and shutdown), and those of them that failed.</item>
/// <item><c>heartbeatFailures</c>: client errors and log lines reporting a failed heartbeat or an expired session (the
/// classification the Kafka client integration counts as <c>kafka.consumer.heartbeat.failures</c> and logs).</item>
/// <item><c>rebalances</c>: completed rebalances this member took part in: one per assignment, possibly empty. A revoke
/// or loss starts a rebalance and is not counted on its own, as the analyzer counts a rebalance once it completes.
/// The metric <c>ordersaspire.consumer.rebalances</c> counts every callback by kind; its <c>kind=assigned</c> is this.</item>
/// <item><c>transientFailures</c>: failed attempts of an effect (store write, per-order step, dead letter) that are retried.</item>
/// </list></summary>
public sealed partial class ConsumerEventRecorder(
    ConsumerState state,
    ConsumerMetrics metrics,
    RebalanceHistory history,
    ReportRequest reportRequest,
    IOptions<ConsumerGroupOptions> options,
    TimeProvider time,
    ILogger<ConsumerEventRecorder> logger)
{
    private readonly ConsumerGroupOptions _options = options.Value;

    public void Assigned(string? memberId, IReadOnlyList<int> partitions)
    {
        var owned = state.Assign(memberId, partitions);
        var pause = history.Record(new RebalanceEvent(time.GetUtcNow(), RebalanceKind.Assigned, partitions, memberId ?? ""));
        metrics.Rebalanced("assigned");
        if (pause is not null)
        {
            metrics.RebalancePause(pause.Duration);
        }

        metrics.Assigned(owned.Count);
        reportRequest.Raise();
        LogAssigned(_options.GroupId, _options.ReplicaId, Format(partitions), Format(owned),
            pause is null ? "" : $" after a {pause.Duration.TotalSeconds:0.00} s pause");
    }

    /// <summary>Partitions taken away in an orderly rebalance (their offsets were committed first).</summary>
    public void Revoked(string? memberId, IReadOnlyList<int> partitions)
    {
        var owned = Removed(RebalanceKind.Revoked, memberId, partitions);
        LogRevoked(_options.GroupId, _options.ReplicaId, Format(partitions), Format(owned));
    }

    /// <summary>Partitions lost without a rebalance (session expired, fenced): nothing was committed for them.</summary>
    public void Lost(string? memberId, IReadOnlyList<int> partitions)
    {
        Removed(RebalanceKind.Lost, memberId, partitions);
        LogLost(_options.GroupId, _options.ReplicaId, Format(partitions));
    }

    /// <summary>Counted here for this member's counters; the client integration counts the metric and logs the line.</summary>
    public void HeartbeatFailed() => state.HeartbeatFailed();

    public void CommitSucceeded()
    {
        metrics.Commit(true);
        state.CommitCompleted(true);
    }

    /// <param name="trigger">What committed: <c>auto-commit</c>, <c>revoke</c> or <c>shutdown</c>.</param>
    public void CommitFailed(string trigger, string error)
    {
        metrics.Commit(false);
        state.CommitCompleted(false);
        LogCommitFailed(_options.GroupId, trigger, error);
    }

    /// <summary>A batch is durable and its offset is about to be stored.</summary>
    public void BatchProcessed(int partition, long nextOffset, int count, int duplicates, TimeSpan took)
    {
        metrics.Consumed(_options.Topic, partition, count, took.TotalSeconds);
        metrics.Duplicates(duplicates);
        state.BatchProcessed(partition, nextOffset, count, duplicates);
    }

    /// <summary>The dead-letter topic acknowledged a message that can never be processed.</summary>
    public void DeadLettered(string topic, int partition, long offset, string reason)
    {
        metrics.DeadLettered();
        state.DeadLettered();
        LogDeadLettered(topic, partition, offset, _options.DeadLetterTopic, reason);
    }

    public void DeadLetterFailed(DeadLetterFailureKind kind, ErrorCode code) => metrics.DeadLetterFailed(kind, code);

    public void DeadLetterProducerReplaced(Error error)
    {
        metrics.DeadLetterProducerRebuilt();
        LogDeadLetterProducerReplaced(error.Code, error.Reason);
    }

    /// <summary>The broker rejects a partition's dead letter: the partition stops there, loudly, until it takes it.</summary>
    public void PartitionBlocked(int partition, long offset, DeadLetterFailedException rejection)
    {
        if (state.Block(partition, $"{rejection.Code} from {_options.DeadLetterTopic}") is not { } blocked)
        {
            return;
        }

        metrics.Blocked(blocked);
        LogBlocked(rejection, _options.GroupId, partition, offset, _options.DeadLetterTopic, rejection.Code);
    }

    public void PartitionUnblocked(int partition)
    {
        if (state.Unblock(partition) is not { } blocked)
        {
            return;
        }

        metrics.Blocked(blocked);
        LogUnblocked(_options.GroupId, partition, _options.DeadLetterTopic);
    }

    /// <summary>An effect's attempt failed transiently; the next one follows after <paramref name="retryIn"/>.</summary>
    public void TransientFailure(Exception failure, int attempt, TimeSpan retryIn)
    {
        metrics.TransientFailure();
        state.TransientFailed(failure.Message);
        LogTransient(failure, _options.GroupId, attempt, retryIn.TotalMilliseconds);
    }

    /// <summary>An effect succeeded after transient failures.</summary>
    public void Recovered() => state.SetPhase(ConsumerPhase.Running);

    private IReadOnlyList<int> Removed(RebalanceKind kind, string? memberId, IReadOnlyList<int> partitions)
    {
        var owned = state.Remove(partitions);
        history.Record(new RebalanceEvent(time.GetUtcNow(), kind, partitions, memberId ?? ""));
        metrics.Rebalanced(kind == RebalanceKind.Lost ? "lost" : "revoked");
        metrics.Assigned(owned.Count);
        metrics.Blocked(state.BlockedPartitions.Count); // a partition taken away is no longer ours to be stopped at
        reportRequest.Raise();
        return owned;
    }

    private static string Format(IEnumerable<int> partitions) => "[" + string.Join(",", partitions) + "]";

    [LoggerMessage(LogLevel.Information, "Group {Group} replica {Replica}: assigned {Added}, now owns {Owned}{Pause}")]
    private partial void LogAssigned(string group, string replica, string added, string owned, string pause);

    [LoggerMessage(LogLevel.Information, "Group {Group} replica {Replica}: revoked {Revoked} (committed first), now owns {Owned}")]
    private partial void LogRevoked(string group, string replica, string revoked, string owned);

    [LoggerMessage(LogLevel.Warning, "Group {Group} replica {Replica}: LOST {Lost} (session expired or fenced); nothing committed for them")]
    private partial void LogLost(string group, string replica, string lost);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: offset commit ({Trigger}) failed: {Error}")]
    private partial void LogCommitFailed(string group, string trigger, string error);

    [LoggerMessage(LogLevel.Warning, "Dead-lettered {Topic}[{Partition}]@{Offset} to {DeadLetterTopic}: {Reason}")]
    private partial void LogDeadLettered(string topic, int partition, long offset, string deadLetterTopic, string reason);

    [LoggerMessage(LogLevel.Error, "The dead-letter producer failed fatally ({Code}: {Reason}); it was replaced and the dead letter is retried")]
    private partial void LogDeadLetterProducerReplaced(ErrorCode code, string reason);

    [LoggerMessage(LogLevel.Critical, "Group {Group}: partition {Partition} is STOPPED at offset {Offset}: {Topic} rejects its dead letter ({Code}); nothing is skipped, the write is retried until the broker accepts it")]
    private partial void LogBlocked(Exception ex, string group, int partition, long offset, string topic, ErrorCode code);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: partition {Partition} resumed: {Topic} accepted the dead letter")]
    private partial void LogUnblocked(string group, int partition, string topic);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: transient failure, attempt {Attempt}; retrying in {DelayMs} ms")]
    private partial void LogTransient(Exception ex, string group, int attempt, double delayMs);
}
