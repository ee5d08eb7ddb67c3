using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.Consumer;
using OrdersAspire.ServiceDefaults.Kafka;
using OrdersAspire.GroupContracts.Rebalancing;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.ConsumerGroups.Rebalancing;

/// <summary>The consumer's rebalance and commit callbacks, short and named for what they do: record the event,
/// measure the pause, count it, log one readable line. Revoke commits what was processed; loss commits nothing
/// (the partitions may already belong to someone else). All callbacks run on the consumer loop's thread.</summary>
public sealed partial class RebalanceListener(
    ConsumerState state,
    ConsumerMetrics metrics,
    IOptions<ConsumerGroupOptions> options,
    TimeProvider time,
    ILogger<RebalanceListener> logger)
{
    private readonly ConsumerGroupOptions _options = options.Value;

    public RebalanceHistory History { get; } = new();

    /// <summary>Set by every rebalance so the loop publishes a fresh report at once; cleared by the loop.</summary>
    public bool ReportDue { get; set; }

    public void OnAssigned(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        state.SetMemberId(consumer.MemberId);
        var added = Numbers(partitions.Select(p => p.Partition));
        state.Assign(added);
        var pause = History.Record(new RebalanceEvent(time.GetUtcNow(), RebalanceKind.Assigned, added, consumer.MemberId ?? ""));
        metrics.Rebalanced("assigned");
        if (pause is not null) metrics.RebalancePause(pause.Duration);
        metrics.Assigned(state.AssignedPartitions.Count);
        ReportDue = true;
        LogAssigned(_options.GroupId, _options.ReplicaId, Format(added), Format(state.AssignedPartitions),
            pause is null ? "" : $" after a {pause.Duration.TotalSeconds:0.00} s pause");
    }

    public void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        var revoked = Numbers(partitions.Select(p => p.Partition));
        // The revoked partitions' workers have finished their batches and stored their offsets (the consumer drains
        // them before this runs), so commit now: the next owner starts exactly where we stopped.
        CommitNow(consumer, "revoke");
        state.Remove(revoked);
        History.Record(new RebalanceEvent(time.GetUtcNow(), RebalanceKind.Revoked, revoked, consumer.MemberId ?? ""));
        metrics.Rebalanced("revoked");
        metrics.Assigned(state.AssignedPartitions.Count);
        ReportDue = true;
        LogRevoked(_options.GroupId, _options.ReplicaId, Format(revoked), Format(state.AssignedPartitions));
    }

    public void OnLost(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        var lost = Numbers(partitions.Select(p => p.Partition));
        state.Remove(lost);
        History.Record(new RebalanceEvent(time.GetUtcNow(), RebalanceKind.Lost, lost, consumer.MemberId ?? ""));
        metrics.Rebalanced("lost");
        metrics.Assigned(state.AssignedPartitions.Count);
        ReportDue = true;
        LogLost(_options.GroupId, _options.ReplicaId, Format(lost));
    }

    /// <summary>librdkafka's periodic auto-commit reports here. "No offset" means nothing new to commit.</summary>
    public void OnCommitted(CommittedOffsets committed)
    {
        if (committed.Error.Code == ErrorCode.Local_NoOffset) return;
        var failed = committed.Error.IsError || committed.Offsets.Any(o => o.Error.IsError && o.Error.Code != ErrorCode.Local_NoOffset);
        RecordCommit(!failed, committed.Error.IsError ? committed.Error.Reason : committed.Offsets.FirstOrDefault(o => o.Error.IsError)?.Error.Reason);
    }

    /// <summary>Commits the stored offsets synchronously (on revoke and on shutdown).</summary>
    public void CommitNow(IConsumer<byte[]?, byte[]?> consumer, string reason)
    {
        try
        {
            consumer.Commit();
            RecordCommit(true, null);
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
        {
            // nothing stored since the last commit
        }
        catch (KafkaException ex)
        {
            RecordCommit(false, ex.Error.Reason);
            LogCommitFailed(_options.GroupId, reason, ex.Error.Reason);
        }
    }

    public void OnError(IConsumer<byte[]?, byte[]?> consumer, Error error)
    {
        if (KafkaHeartbeatFailure.Classify(error) is not null) state.HeartbeatFailed();
    }

    public void OnLog(IConsumer<byte[]?, byte[]?> consumer, LogMessage message)
    {
        if (KafkaHeartbeatFailure.Classify(message) is not null) state.HeartbeatFailed();
    }

    private void RecordCommit(bool success, string? error)
    {
        metrics.Commit(success);
        state.Committed(1, success ? 0 : 1);
        if (!success && error is not null) LogAutoCommitFailed(_options.GroupId, error);
    }

    private static IReadOnlyList<int> Numbers(IEnumerable<Partition> partitions) => [.. partitions.Select(p => p.Value).Order()];

    private static string Format(IEnumerable<int> partitions) => "[" + string.Join(",", partitions) + "]";

    [LoggerMessage(LogLevel.Information, "Group {Group} replica {Replica}: assigned {Added}, now owns {Owned}{Pause}")]
    private partial void LogAssigned(string group, string replica, string added, string owned, string pause);

    [LoggerMessage(LogLevel.Information, "Group {Group} replica {Replica}: revoked {Revoked} (committed first), now owns {Owned}")]
    private partial void LogRevoked(string group, string replica, string revoked, string owned);

    [LoggerMessage(LogLevel.Warning, "Group {Group} replica {Replica}: LOST {Lost} (session expired or fenced); nothing committed for them")]
    private partial void LogLost(string group, string replica, string lost);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: commit on {Reason} failed: {Error}")]
    private partial void LogCommitFailed(string group, string reason, string error);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: offset commit failed: {Error}")]
    private partial void LogAutoCommitFailed(string group, string error);
}
