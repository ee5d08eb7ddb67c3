using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.DeadLetters;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.ServiceDefaults.Kafka;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.ConsumerGroups.Consumer;

/// <summary>Processes one batch of one partition, in offset order: sort valid orders from dead letters → per-order
/// work (<see cref="IOrderBatchHandler.ProcessAsync"/>, keys in parallel when configured) → one durable write for the
/// batch (<see cref="IOrderBatchHandler.ApplyAsync"/>). Returns the offset to store next, or -1 when the batch was
/// abandoned (the service or the partition's worker stopped during a retry): nothing stored, nothing lost.</summary>
public sealed partial class PartitionBatchProcessor(
    IOptions<ConsumerGroupOptions> options,
    IOrderBatchHandler handler,
    DeadLetterPublisher deadLetters,
    ConsumerState state,
    ConsumerMetrics metrics,
    TimeProvider time,
    ILogger<PartitionBatchProcessor> logger)
{
    private readonly ConsumerGroupOptions _options = options.Value;

    /// <summary>Whether the handler has a per-order step at all: the default one does nothing, so it is not called.</summary>
    private readonly bool _hasPerOrderWork = OverridesProcessAsync(handler.GetType());

    /// <param name="abandon">Cancels only the waits between retries: an effect that has started is allowed to finish.</param>
    public async Task<long> ProcessAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> messages, CancellationToken abandon)
    {
        var partition = messages[0].Partition.Value;
        var started = Stopwatch.GetTimestamp();
        var valid = new List<ConsumedOrder>(messages.Count);
        var spans = new List<Activity?>(messages.Count);
        var deadLettered = 0;
        try
        {
            Activity.Current = null;
            foreach (var message in messages)
            {
                var span = KafkaTelemetry.StartProcess(message, _options.GroupId);
                if (span is not null) Activity.Current = null; // each message's span continues its own producer's trace, not its neighbour's
                var read = IncomingMessage.Classify(message);
                if (read.Order is { } order)
                {
                    if (span is { IsAllDataRequested: true }) span.SetTag("messaging.message.id", order.OrderId);
                    valid.Add(new ConsumedOrder(order, partition, message.Offset.Value, message.Message.Timestamp.UtcDateTime));
                    spans.Add(span);
                    continue;
                }
                try
                {
                    if (span is not null) Activity.Current = span; // the dead letter's publish span continues the order's trace
                    span?.SetStatus(ActivityStatusCode.Error, read.Reason);
                    span?.SetTag("ordersaspire.dead_letter.reason", read.Reason);
                    // A dead letter must be durable before the offset moves past it: retried like any effect.
                    if (!await RetryTransientAsync(ct => PublishDeadLetterAsync(message, read.Reason!, ct), abandon).ConfigureAwait(false))
                        return -1;
                }
                finally
                {
                    span?.Dispose();
                    Activity.Current = null;
                }
                deadLettered++;
                metrics.DeadLettered();
            }
            Activity.Current = null;

            if (valid.Count > 0 && _hasPerOrderWork && !await ProcessOrdersAsync(valid, spans, abandon).ConfigureAwait(false))
                return -1;

            var outcome = new ApplyResult(0, 0);
            if (valid.Count > 0 && !await RetryTransientAsync(async ct => outcome = await handler.ApplyAsync(valid, ct).ConfigureAwait(false), abandon).ConfigureAwait(false))
                return -1;

            metrics.Consumed(_options.Topic, partition, messages.Count, Stopwatch.GetElapsedTime(started).TotalSeconds);
            metrics.Duplicates(outcome.Duplicates);
            var nextOffset = messages[^1].Offset.Value + 1;
            state.RecordProcessed(partition, nextOffset, messages.Count, outcome.Duplicates, deadLettered);
            return nextOffset;
        }
        finally
        {
            // A process span ends once its order's effect is durable (or the batch is abandoned).
            foreach (var span in spans) span?.Dispose();
            Activity.Current = null;
        }
    }

    /// <summary>A rejected dead letter stops the partition here, loudly (health, a critical line, a gauge), until the
    /// broker takes it; it is never skipped.</summary>
    private async Task PublishDeadLetterAsync(ConsumeResult<byte[]?, byte[]?> message, string reason, CancellationToken cancellationToken)
    {
        var partition = message.Partition.Value;
        try
        {
            await deadLetters.PublishAsync(message, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (DeadLetterFailedException ex) when (ex.Kind == DeadLetterFailureKind.Rejected)
        {
            if (state.Block(partition, $"{ex.Code} from {_options.DeadLetterTopic}"))
            {
                metrics.Blocked(state.BlockedPartitions.Count);
                LogBlocked(ex, _options.GroupId, partition, message.Offset.Value, _options.DeadLetterTopic, ex.Code);
            }
            throw;
        }
        if (state.Unblock(partition))
        {
            metrics.Blocked(state.BlockedPartitions.Count);
            LogUnblocked(_options.GroupId, partition, _options.DeadLetterTopic);
        }
    }

    /// <summary>The per-order step: in offset order, or with <see cref="ConsumerGroupOptions.KeyConcurrency"/> above 1,
    /// one sequential lane per key with up to that many keys in flight.</summary>
    private async Task<bool> ProcessOrdersAsync(List<ConsumedOrder> orders, List<Activity?> spans, CancellationToken abandon)
    {
        if (_options.KeyConcurrency <= 1)
        {
            for (var i = 0; i < orders.Count; i++)
            {
                if (!await ProcessOneAsync(orders[i], spans[i], abandon).ConfigureAwait(false)) return false;
            }
            return true;
        }

        var lanes = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < orders.Count; i++)
        {
            var key = orders[i].Order.CustomerId;
            if (!lanes.TryGetValue(key, out var lane)) lanes[key] = lane = [];
            lane.Add(i);
        }
        var abandoned = 0;
        await Parallel.ForEachAsync(lanes.Values, new ParallelOptions { MaxDegreeOfParallelism = _options.KeyConcurrency },
            async (lane, _) =>
            {
                foreach (var i in lane)
                {
                    if (Volatile.Read(ref abandoned) != 0 || !await ProcessOneAsync(orders[i], spans[i], abandon).ConfigureAwait(false))
                    {
                        Interlocked.Exchange(ref abandoned, 1);
                        return;
                    }
                }
            }).ConfigureAwait(false);
        return abandoned == 0;
    }

    private async Task<bool> ProcessOneAsync(ConsumedOrder order, Activity? span, CancellationToken abandon)
    {
        if (Activity.Current != span) Activity.Current = span; // work done for this order belongs to its trace
        try
        {
            // The first attempt runs bare (most per-order work completes at once); only a failure takes the retry path.
            await handler.ProcessAsync(order, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (IsRetriable(ex))
        {
            metrics.TransientFailure();
            state.TransientFailed(ex.Message);
            LogTransient(ex, _options.GroupId, 1, 0);
        }
        return await RetryTransientAsync(ct => handler.ProcessAsync(order, ct).AsTask(), abandon).ConfigureAwait(false);
    }

    /// <summary>Runs an effect until it succeeds, retrying transient failures with exponential backoff. Returns
    /// false only when <paramref name="abandon"/> fires during a wait; a non-transient failure propagates and stops the
    /// consumer (its offsets stay behind, so the next owner retries the batch).</summary>
    private async Task<bool> RetryTransientAsync(Func<CancellationToken, Task> effect, CancellationToken abandon)
    {
        var retried = false;
        try
        {
            // The effect itself is not cancelled (a started batch is allowed to finish); only the wait between
            // attempts is, which abandons the batch unstored.
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
                delay: (delay, _) => Task.Delay(delay, time, abandon),
                isRetriable: IsRetriable).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            return false;
        }
        if (retried) state.SetPhase(ConsumerPhase.Running);
        return true;
    }

    private static bool OverridesProcessAsync(Type handlerType)
    {
        var map = handlerType.GetInterfaceMap(typeof(IOrderBatchHandler));
        var index = Array.FindIndex(map.InterfaceMethods, m => m.Name == nameof(IOrderBatchHandler.ProcessAsync));
        return map.TargetMethods[index].DeclaringType != typeof(IOrderBatchHandler);
    }

    /// <summary>Store failures the store calls transient, and every failure to write a dead letter: most pass (broker
    /// down, leader moving), a fatal producer has been replaced, a rejection waits for someone to act; skipping the
    /// message instead would lose it.</summary>
    private static bool IsRetriable(Exception ex) => TransientFailure.IsTransient(ex) || ex is DeadLetterFailedException or KafkaException;

    [LoggerMessage(LogLevel.Critical, "Group {Group}: partition {Partition} is STOPPED at offset {Offset}: {Topic} rejects its dead letter ({Code}); nothing is skipped, the write is retried until the broker accepts it")]
    private partial void LogBlocked(Exception ex, string group, int partition, long offset, string topic, ErrorCode code);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: partition {Partition} resumed: {Topic} accepted the dead letter")]
    private partial void LogUnblocked(string group, int partition, string topic);

    [LoggerMessage(LogLevel.Warning, "Group {Group}: transient failure, attempt {Attempt}; retrying in {DelayMs} ms")]
    private partial void LogTransient(Exception ex, string group, int attempt, double delayMs);
}
