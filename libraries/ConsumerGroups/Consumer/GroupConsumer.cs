using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.Offsets;
using OrdersAspire.ConsumerGroups.Rebalancing;
using OrdersAspire.ConsumerGroups.Reports;
using OrdersAspire.GroupContracts.Protocols;
using OrdersAspire.GroupContracts.Rebalancing;
using OrdersAspire.GroupContracts.Reports;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.ConsumerGroups.Consumer;

/// <summary>The consumer loop, top to bottom: consume → hand each partition's messages to that partition's worker →
/// the worker sorts valid orders from dead letters, applies them in one durable write per batch and stores the offset
/// (<see cref="PartitionWorker"/>, <see cref="PartitionBatchProcessor"/>). The loop never waits for processing, so it
/// keeps fetching while partitions work in parallel; a partition with too much queued is paused until it catches up.
/// Offsets are stored only after the effect is durable and committed by librdkafka every CommitIntervalMs; a partition
/// whose effects are ahead of its committed offset resumes where they stand (<see cref="ResumePositions"/>); on revoke
/// the revoked partitions' workers finish their batch first and the stored offsets are committed at once; lost
/// partitions commit nothing. Stopping finishes the batches in hand, commits and leaves the group.</summary>
public sealed partial class GroupConsumer(
    IOptions<ConsumerGroupOptions> options,
    KafkaClientFactory kafka,
    PartitionBatchProcessor processor,
    ConsumerReportPublisher reports,
    ConsumerState state,
    PartitionAssignmentHandler assignments,
    OffsetCommitter commits,
    ResumePositions resumePositions,
    HeartbeatFailureWatcher heartbeats,
    ReportRequest reportRequest,
    TimeProvider time,
    ILogger<GroupConsumer> logger) : BackgroundService
{
    /// <summary>How long the loop blocks in one Consume call when nothing is waiting: it returns as soon as a message
    /// arrives, so this only bounds how often idle housekeeping (reports, resuming partitions) runs.</summary>
    private static readonly TimeSpan IdlePollWait = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a revoke or shutdown waits for a partition's batch in hand before giving up on it (its offset
    /// is then not stored, so its orders are redelivered: effects are idempotent).</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private readonly ConsumerGroupOptions _options = options.Value;
    private readonly Dictionary<int, PartitionWorker> _workers = [];
    private readonly Dictionary<int, List<ConsumeResult<byte[]?, byte[]?>>> _chunks = [];
    private readonly HashSet<int> _paused = [];
    private readonly Dictionary<int, long> _storedOffsets = [];
    private readonly List<TopicPartitionOffset> _resumedAhead = [];
    private SemaphoreSlim? _concurrency;
    private CancellationToken _stopping;
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private int _undispatched;

    /// <summary>A partition with more than this many messages queued is paused; it resumes below the batch size. Pausing
    /// discards what librdkafka prefetched for it, so it is kept for a worker that is really behind, not a busy one.</summary>
    private int PauseThreshold => 10 * _options.BatchSize;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // librdkafka's Consume blocks: give the loop its own thread rather than a pool thread.
        Task.Factory.StartNew(() => RunAsync(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        using var concurrency = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        _concurrency = concurrency;
        using var consumer = BuildConsumer();
        _consumer = consumer;
        consumer.Subscribe(_options.Topic);
        state.SetPhase(ConsumerPhase.Running);
        LogStarted(_options.GroupId, _options.Topic, _options.AssignmentStrategy, _options.GroupProtocol, _options.ReplicaId);
        try
        {
            var nextReport = time.GetUtcNow();
            while (!stoppingToken.IsCancellationRequested)
            {
                Poll(consumer);
                StoreResumedOffsets();
                ThrowIfAWorkerFailed();
                ResumeCaughtUpPartitions(consumer);

                if (reportRequest.TryTake() || time.GetUtcNow() >= nextReport)
                {
                    reports.Publish(consumer, ConsumerActivity.Active);
                    nextReport = time.GetUtcNow().AddMilliseconds(_options.ReportIntervalMs);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            state.SetPhase(ConsumerPhase.Failed, ex.Message);
            LogCrashed(ex, _options.GroupId);
            throw;
        }
        finally
        {
            await LeaveAsync(consumer).ConfigureAwait(false);
        }
    }

    private IConsumer<byte[]?, byte[]?> BuildConsumer()
    {
        var config = _options.ApplyTo(kafka.CreateConsumerConfig());
        return kafka.CreateConsumerBuilder<byte[]?, byte[]?>(config, heartbeats.OnError, heartbeats.OnLog)
            .SetPartitionsAssignedHandler((c, partitions) => { assignments.OnAssigned(c, partitions); StartWorkers(partitions); return Resume(c, partitions); })
            // The revoked partitions' workers finish their batches and store their offsets, then the offsets are committed
            // at once: the next owner starts exactly where this member stopped.
            .SetPartitionsRevokedHandler((c, partitions) => { StopWorkers(c, partitions, "revoke"); commits.CommitNow(c, "revoke"); assignments.OnRevoked(c, partitions); })
            // Lost partitions may already be someone else's: nothing is committed for them.
            .SetPartitionsLostHandler((c, partitions) => { StopWorkers(c, partitions, "loss"); assignments.OnLost(c, partitions); })
            .SetOffsetsCommittedHandler((_, committed) => commits.OnCommitted(committed))
            .Build();
    }

    /// <summary>Consumes what librdkafka has fetched, without waiting while anything is, and hands it to the partitions'
    /// workers in chunks of at most the batch size; blocks up to <see cref="IdlePollWait"/> only when nothing is there.</summary>
    private void Poll(IConsumer<byte[]?, byte[]?> consumer)
    {
        while (!_stopping.IsCancellationRequested)
        {
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = consumer.Consume(_undispatched == 0 ? IdlePollWait : TimeSpan.Zero);
            }
            catch (ConsumeException ex) when (!ex.Error.IsFatal)
            {
                // A fetch error (request timed out, leader moving, broker down): librdkafka keeps the position and
                // retries the fetch itself, so nothing is skipped. Stopping the consumer here would stop the service.
                LogConsumeError(_options.GroupId, ex.Error.Code, ex.Error.Reason);
                break;
            }
            if (result is null)
            {
                break;
            }

            if (result.IsPartitionEOF)
            {
                continue;
            }

            var partition = result.Partition.Value;
            if (!_chunks.TryGetValue(partition, out var chunk))
            {
                _chunks[partition] = chunk = new List<ConsumeResult<byte[]?, byte[]?>>();
            }

            chunk.Add(result);
            _undispatched++;
            if (chunk.Count >= _options.BatchSize)
            {
                Dispatch(consumer, partition, chunk);
            }
        }
        foreach (var (partition, chunk) in _chunks)
        {
            if (chunk.Count > 0)
            {
                Dispatch(consumer, partition, chunk);
            }
        }
    }

    private void Dispatch(IConsumer<byte[]?, byte[]?> consumer, int partition, List<ConsumeResult<byte[]?, byte[]?>> chunk)
    {
        _undispatched -= chunk.Count;
        _chunks[partition] = [];
        if (!_workers.TryGetValue(partition, out var worker))
        {
            return; // no longer ours: the next owner reads it again
        }

        worker.Enqueue(chunk);
        if (worker.Queued > PauseThreshold && _paused.Add(partition))
        {
            consumer.Pause([new TopicPartition(_options.Topic, partition)]);
        }
    }

    /// <summary>A paused partition resumes from the next message it has not handed over, once its worker is down to
    /// less than a batch.</summary>
    private void ResumeCaughtUpPartitions(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_paused.Count == 0)
        {
            return;
        }

        var resume = _paused.Where(p => !_workers.TryGetValue(p, out var w) || w.Queued < _options.BatchSize).ToList();
        if (resume.Count == 0)
        {
            return;
        }

        TryResume(consumer, [.. resume.Select(p => new TopicPartition(_options.Topic, p))]);
        _paused.ExceptWith(resume);
    }

    /// <summary>Where the new partitions start; those resumed ahead of their commit get that offset stored once they are
    /// assigned, so the next commit (and the lag the group shows) catches up even if no order follows.</summary>
    private List<TopicPartitionOffset> Resume(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        var offsets = resumePositions.For(consumer, partitions);
        _resumedAhead.AddRange(offsets.Where(o => o.Offset != Offset.Unset));
        return offsets;
    }

    private void StoreResumedOffsets()
    {
        if (_resumedAhead.Count == 0)
        {
            return;
        }

        foreach (var resumed in _resumedAhead)
        {
            if (_workers.ContainsKey(resumed.Partition.Value))
            {
                StoreOffset(resumed.Partition.Value, resumed.Offset.Value);
            }
        }
        _resumedAhead.Clear();
    }

    private void StartWorkers(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions.Select(p => p.Partition.Value))
        {
            lock (_storedOffsets)
            {
                _storedOffsets.Remove(partition); // a new ownership starts from what the broker or the effects say
            }

            if (_workers.ContainsKey(partition))
            {
                continue;
            }

            _workers[partition] = new PartitionWorker(partition, _options.BatchSize, _concurrency!,
                processor.ProcessAsync, StoreOffset, _stopping);
        }
    }

    /// <summary>On revoke and loss: drop what was consumed but not processed, let each batch in hand finish (it stores
    /// its offset if the partition is still ours), and only then return, so a revoke commits everything processed.</summary>
    private void StopWorkers(IConsumer<byte[]?, byte[]?> consumer, IEnumerable<TopicPartitionOffset> partitions, string reason)
    {
        var stopping = new List<PartitionWorker>();
        var paused = new List<TopicPartition>();
        foreach (var partition in partitions.Select(p => p.Partition.Value))
        {
            if (_chunks.Remove(partition, out var chunk))
            {
                _undispatched -= chunk.Count;
            }

            if (_paused.Remove(partition))
            {
                paused.Add(new TopicPartition(_options.Topic, partition));
            }

            if (_workers.Remove(partition, out var worker))
            {
                stopping.Add(worker);
            }
        }
        // Our pause must not outlive our ownership: the partition may come back to this member later.
        if (paused.Count > 0)
        {
            TryResume(consumer, paused);
        }

        if (stopping.Count > 0)
        {
            WaitForWorkers(stopping, reason);
        }
    }

    private void TryResume(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        try
        {
            consumer.Resume(partitions);
        }
        catch (KafkaException ex)
        {
            LogResumeFailed(_options.GroupId, ex.Error.Reason);
        }
    }

    private void WaitForWorkers(IReadOnlyList<PartitionWorker> workers, string reason)
    {
        // Runs on the poll thread inside a rebalance callback: block until the batches in hand are done.
        var stopped = Task.WhenAll(workers.Select(w => w.StopAsync(DrainTimeout))).GetAwaiter().GetResult();
        for (var i = 0; i < workers.Count; i++)
        {
            if (!stopped[i])
            {
                LogDrainTimedOut(_options.GroupId, workers[i].Partition, reason, DrainTimeout.TotalSeconds);
            }
        }
    }

    private void ThrowIfAWorkerFailed()
    {
        foreach (var worker in _workers.Values)
        {
            if (worker.Completion.IsFaulted)
            {
                worker.Completion.GetAwaiter().GetResult(); // rethrows the processing failure
            }
        }
    }

    /// <summary>Called by a worker once a batch is durable, and by the loop for a partition resumed ahead of its commit;
    /// never moves a partition's stored offset backwards. librdkafka's offset store is thread-safe; the lock orders the
    /// two callers.</summary>
    private void StoreOffset(int partition, long nextOffset)
    {
        try
        {
            lock (_storedOffsets)
            {
                if (_storedOffsets.TryGetValue(partition, out var stored) && stored >= nextOffset)
                {
                    return;
                }

                _consumer!.StoreOffset(new TopicPartitionOffset(_options.Topic, partition, nextOffset));
                _storedOffsets[partition] = nextOffset;
            }
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_State)
        {
            // The partition was taken away while we processed it: its new owner resumes from the last commit,
            // and our effects are idempotent, so the overlap is absorbed.
            LogStoreSkipped(_options.GroupId, partition);
        }
        catch (ObjectDisposedException)
        {
            // The consumer closed after a drain timed out: the offset stays behind, the orders are redelivered.
        }
    }

    private async Task LeaveAsync(IConsumer<byte[]?, byte[]?> consumer)
    {
        state.SetPhase(ConsumerPhase.Stopping);
        try
        {
            var workers = _workers.Values.ToList();
            _workers.Clear();
            _chunks.Clear();
            _undispatched = 0;
            await Task.WhenAll(workers.Select(w => w.StopAsync(DrainTimeout))).ConfigureAwait(false);
            reports.Publish(consumer, ConsumerActivity.Leaving);
            commits.CommitNow(consumer, "shutdown");
            consumer.Close(); // leaves the group: the survivors rebalance at once, not after a session timeout
            LogLeft(_options.GroupId, _options.ReplicaId);
        }
        catch (Exception ex)
        {
            LogLeaveFailed(ex, _options.GroupId);
        }
        state.SetPhase(ConsumerPhase.Stopped);
    }

    [LoggerMessage(LogLevel.Information, "Consumer for group {Group} subscribed to {Topic} (strategy {Strategy}, protocol {Protocol}, replica {Replica})")]
    private partial void LogStarted(string group, string topic, string strategy, string protocol, string replica);

    [LoggerMessage(LogLevel.Critical, "Consumer for group {Group} stopped on an unexpected error")]
    private partial void LogCrashed(Exception ex, string group);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: resuming paused partitions failed: {Error}")]
    private partial void LogResumeFailed(string group, string error);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: partition {Partition}'s batch in hand did not finish within {Seconds} s of the {Reason}; its offset is left behind and its orders will be redelivered")]
    private partial void LogDrainTimedOut(string group, int partition, string reason, double seconds);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: consume error {Code} ({Reason}); the fetch is retried")]
    private partial void LogConsumeError(string group, ErrorCode code, string reason);

    [LoggerMessage(LogLevel.Information, "Group {Group}: partition {Partition} was reassigned during processing; its offset is left to the new owner")]
    private partial void LogStoreSkipped(string group, int partition);

    [LoggerMessage(LogLevel.Information, "Group {Group}: replica {Replica} committed and left the group")]
    private partial void LogLeft(string group, string replica);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: leaving the group did not complete cleanly")]
    private partial void LogLeaveFailed(Exception ex, string group);
}
