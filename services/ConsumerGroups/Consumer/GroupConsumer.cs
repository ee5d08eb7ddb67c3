using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.DeadLetters;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.ConsumerGroups.Rebalancing;
using OrdersAspire.ConsumerGroups.Reports;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.ConsumerGroups.Consumer;

/// <summary>The consumer loop, top to bottom: consume a batch → sort valid orders from dead letters → apply
/// each partition's orders (partitions in parallel, order kept within one) → store the offsets. Offsets are
/// stored only after the effect is durable and committed by librdkafka every CommitIntervalMs, synchronously
/// on revoke, never for lost partitions. Stopping finishes the batch in hand, commits and leaves the group.</summary>
public sealed partial class GroupConsumer(
    IOptions<ConsumerGroupOptions> options,
    KafkaClientFactory kafka,
    IOrderBatchHandler handler,
    DeadLetterPublisher deadLetters,
    ConsumerReportPublisher reports,
    ConsumerState state,
    ConsumerMetrics metrics,
    RebalanceListener rebalances,
    TimeProvider time,
    ILogger<GroupConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan FirstMessageWait = TimeSpan.FromMilliseconds(100);
    private readonly ConsumerGroupOptions _options = options.Value;

    /// <summary>Messages consumed but not yet processed; the revoke handler drops those of revoked partitions.</summary>
    private readonly List<ConsumeResult<byte[]?, byte[]?>> _pending = [];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // librdkafka's Consume blocks: give the loop its own thread rather than a pool thread.
        Task.Factory.StartNew(() => RunAsync(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        using var consumer = BuildConsumer();
        consumer.Subscribe(_options.Topic);
        state.SetPhase(ConsumerPhase.Running);
        LogStarted(_options.GroupId, _options.Topic, _options.AssignmentStrategy, _options.GroupProtocol, _options.ReplicaId);
        try
        {
            var nextReport = time.GetUtcNow();
            while (!stoppingToken.IsCancellationRequested)
            {
                Poll(consumer, stoppingToken);
                if (_pending.Count > 0)
                    await ProcessPendingAsync(consumer, stoppingToken).ConfigureAwait(false);

                if (rebalances.ReportDue || time.GetUtcNow() >= nextReport)
                {
                    rebalances.ReportDue = false;
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
            Leave(consumer);
        }
    }

    private IConsumer<byte[]?, byte[]?> BuildConsumer()
    {
        var config = _options.ApplyTo(kafka.CreateConsumerConfig());
        // librdkafka waits up to 500 ms for a fetch to fill by default; orders should not sit that long.
        config.FetchWaitMaxMs ??= 20;
        return kafka.CreateConsumerBuilder<byte[]?, byte[]?>(config, rebalances.OnError, rebalances.OnLog)
            .SetPartitionsAssignedHandler((c, partitions) => rebalances.OnAssigned(c, partitions))
            .SetPartitionsRevokedHandler((c, partitions) => { DropPending(partitions); rebalances.OnRevoked(c, partitions); })
            .SetPartitionsLostHandler((c, partitions) => { DropPending(partitions); rebalances.OnLost(c, partitions); })
            .SetOffsetsCommittedHandler((_, committed) => rebalances.OnCommitted(committed))
            .Build();
    }

    /// <summary>Collects up to BatchSize messages: waits briefly for the first, then takes what is already fetched.</summary>
    private void Poll(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        var wait = FirstMessageWait;
        while (_pending.Count < _options.BatchSize && !stoppingToken.IsCancellationRequested)
        {
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = consumer.Consume(wait);
            }
            catch (ConsumeException ex) when (!ex.Error.IsFatal)
            {
                // A fetch error (request timed out, leader moving, broker down): librdkafka keeps the position and
                // retries the fetch itself, so nothing is skipped. Stopping the consumer here would stop the service.
                LogConsumeError(_options.GroupId, ex.Error.Code, ex.Error.Reason);
                break;
            }
            if (result is null) break;
            if (result.IsPartitionEOF) continue;
            _pending.Add(result);
            wait = TimeSpan.Zero;
        }
    }

    private void DropPending(IEnumerable<TopicPartitionOffset> partitions)
    {
        var gone = partitions.Select(p => p.Partition.Value).ToHashSet();
        _pending.RemoveAll(m => gone.Contains(m.Partition.Value));
    }

    private async Task ProcessPendingAsync(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        var byPartition = _pending.GroupBy(m => m.Partition.Value).Select(g => g.ToList()).ToList();
        _pending.Clear();

        var done = new (int Partition, long NextOffset)[byPartition.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, byPartition.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency },
            async (i, _) => done[i] = await ProcessPartitionAsync(byPartition[i], stoppingToken).ConfigureAwait(false)).ConfigureAwait(false);

        foreach (var (partition, nextOffset) in done)
        {
            if (nextOffset < 0) continue; // abandoned on shutdown: not stored, so redelivered to the next owner
            StoreOffset(consumer, partition, nextOffset);
        }
    }

    /// <summary>Processes one partition's messages in offset order; returns the offset to store next, or -1 when
    /// shutdown interrupted a retry (nothing stored, nothing lost).</summary>
    private async Task<(int, long)> ProcessPartitionAsync(List<ConsumeResult<byte[]?, byte[]?>> messages, CancellationToken stoppingToken)
    {
        var partition = messages[0].Partition.Value;
        var started = Stopwatch.GetTimestamp();
        var valid = new List<ConsumedOrder>(messages.Count);
        var spans = new List<Activity>(messages.Count);
        var deadLettered = 0;
        try
        {
            foreach (var message in messages)
            {
                Activity.Current = null; // each message's span continues its own producer's trace, not its neighbour's
                var span = KafkaTelemetry.StartProcess(message, _options.GroupId);
                if (span is not null) spans.Add(span);
                var read = IncomingMessage.Classify(message);
                if (read.Order is { } order)
                {
                    span?.SetTag("messaging.message.id", order.OrderId);
                    valid.Add(new ConsumedOrder(order, partition, message.Offset.Value, message.Message.Timestamp.UtcDateTime));
                    continue;
                }
                span?.SetStatus(ActivityStatusCode.Error, read.Reason);
                span?.SetTag("ordersaspire.dead_letter.reason", read.Reason);
                // A dead letter must be durable before the offset moves past it: retried like any effect.
                if (!await RetryTransientAsync(ct => deadLetters.PublishAsync(message, read.Reason!, ct), stoppingToken).ConfigureAwait(false))
                    return (partition, -1);
                deadLettered++;
                metrics.DeadLettered();
            }

            var outcome = new ApplyResult(0, 0);
            if (valid.Count > 0 && !await RetryTransientAsync(async ct => outcome = await handler.ApplyAsync(valid, ct).ConfigureAwait(false), stoppingToken).ConfigureAwait(false))
                return (partition, -1);

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            metrics.Consumed(_options.Topic, partition, messages.Count, seconds);
            metrics.Duplicates(outcome.Duplicates);
            var nextOffset = messages[^1].Offset.Value + 1;
            state.RecordProcessed(partition, nextOffset, messages.Count, outcome.Duplicates, deadLettered);
            return (partition, nextOffset);
        }
        finally
        {
            foreach (var span in spans) span.Dispose();
        }
    }

    /// <summary>Runs an effect until it succeeds, retrying transient failures with exponential backoff. Returns
    /// false only when the service is stopping; a non-transient failure propagates and stops the consumer
    /// (its offsets stay behind, so the next owner retries the batch).</summary>
    private async Task<bool> RetryTransientAsync(Func<CancellationToken, Task> effect, CancellationToken stoppingToken)
    {
        var retried = false;
        try
        {
            // The effect itself is not cancelled by shutdown (a started batch is allowed to finish); only the wait
            // between attempts is, which abandons the batch unstored.
            await RetryPolicy.Default.ExecuteAsync(
                async _ => { await effect(CancellationToken.None).ConfigureAwait(false); return true; },
                CancellationToken.None,
                onRetry: (ex, attempt, delay) =>
                {
                    retried = true;
                    metrics.TransientFailure();
                    state.TransientFailed(ex.Message);
                    state.SetPhase(ConsumerPhase.Retrying);
                    LogTransient(ex, _options.GroupId, attempt, delay.TotalMilliseconds);
                },
                delay: (delay, _) => Task.Delay(delay, time, stoppingToken),
                isRetriable: IsRetriable).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        if (retried) state.SetPhase(ConsumerPhase.Running);
        return true;
    }

    /// <summary>Store failures the store calls transient, and any Kafka error while producing a dead letter
    /// (broker down, leader moving): both pass, and skipping the message instead would lose it.</summary>
    private static bool IsRetriable(Exception ex) => TransientFailure.IsTransient(ex) || ex is KafkaException;

    private void StoreOffset(IConsumer<byte[]?, byte[]?> consumer, int partition, long nextOffset)
    {
        try
        {
            consumer.StoreOffset(new TopicPartitionOffset(_options.Topic, partition, nextOffset));
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_State)
        {
            // The partition was taken away while we processed it: its new owner resumes from the last commit,
            // and our effects are idempotent, so the overlap is absorbed.
            LogStoreSkipped(_options.GroupId, partition);
        }
    }

    private void Leave(IConsumer<byte[]?, byte[]?> consumer)
    {
        state.SetPhase(ConsumerPhase.Stopping);
        try
        {
            reports.Publish(consumer, ConsumerActivity.Leaving);
            rebalances.CommitNow(consumer, "shutdown");
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

    [LoggerMessage(LogLevel.Warning, "Group {Group}: transient failure, attempt {Attempt}; retrying in {DelayMs} ms")]
    private partial void LogTransient(Exception ex, string group, int attempt, double delayMs);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: consume error {Code} ({Reason}); the fetch is retried")]
    private partial void LogConsumeError(string group, ErrorCode code, string reason);

    [LoggerMessage(LogLevel.Information, "Group {Group}: partition {Partition} was reassigned during processing; its offset is left to the new owner")]
    private partial void LogStoreSkipped(string group, int partition);

    [LoggerMessage(LogLevel.Information, "Group {Group}: replica {Replica} committed and left the group")]
    private partial void LogLeft(string group, string replica);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: leaving the group did not complete cleanly")]
    private partial void LogLeaveFailed(Exception ex, string group);
}
