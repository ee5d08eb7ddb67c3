using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.DeadLetters;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.GroupContracts.Protocols;
using OrdersAspire.ServiceDefaults.Kafka;

namespace OrdersAspire.ConsumerGroups.Consumer;

/// <summary>Processes one batch of one partition, in offset order: sort valid orders from dead letters → per-order
/// work (<see cref="IOrderBatchHandler.ProcessAsync"/>, keys in parallel when configured) → one durable write for the
/// batch (<see cref="IOrderBatchHandler.ApplyAsync"/>). Returns the offset to store next, or -1 when the batch was
/// abandoned (the service or the partition's worker stopped during a retry): nothing stored, nothing lost.</summary>
public sealed class PartitionBatchProcessor(
    IOptions<ConsumerGroupOptions> options,
    IOrderBatchHandler handler,
    DeadLetterPublisher deadLetters,
    ConsumerEventRecorder events,
    TimeProvider time)
{
    private readonly ConsumerGroupOptions _options = options.Value;

    /// <summary>Retries an effect's transient failures until it succeeds; false only when the partition's worker stops
    /// during a wait. A non-transient failure propagates and stops the consumer (its offsets stay behind, so the next
    /// owner retries the batch).</summary>
    private readonly TransientRetry _retry = new(time, IsRetriable, events.TransientFailure, events.Recovered);

    /// <summary>Whether the handler has a per-order step at all: the default one does nothing, so it is not called.</summary>
    private readonly bool _hasPerOrderWork = OverridesProcessAsync(handler.GetType());

    /// <param name="abandon">Cancels only the waits between retries: an effect that has started is allowed to finish.</param>
    public async Task<long> ProcessAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> messages, CancellationToken abandon)
    {
        var partition = messages[0].Partition.Value;
        var started = Stopwatch.GetTimestamp();
        var valid = new List<ConsumedOrder>(messages.Count);
        var spans = new List<Activity?>(messages.Count);
        try
        {
            Activity.Current = null;
            foreach (var message in messages)
            {
                var span = KafkaTelemetry.StartProcess(message, _options.GroupId);
                if (span is not null)
                {
                    Activity.Current = null; // each message's span continues its own producer's trace, not its neighbour's
                }

                var read = IncomingMessage.Classify(message);
                if (read.Order is { } order)
                {
                    if (span is { IsAllDataRequested: true })
                    {
                        span.SetTag("messaging.message.id", order.OrderId);
                    }

                    valid.Add(new ConsumedOrder(order, partition, message.Offset.Value, message.Message.Timestamp.UtcDateTime));
                    spans.Add(span);
                    continue;
                }
                try
                {
                    if (span is not null)
                    {
                        Activity.Current = span; // the dead letter's publish span continues the order's trace
                    }

                    span?.SetStatus(ActivityStatusCode.Error, read.Reason);
                    span?.SetTag("ordersaspire.dead_letter.reason", read.Reason);
                    // A dead letter must be durable before the offset moves past it: retried like any effect.
                    if (!await _retry.RunAsync(() => PublishDeadLetterAsync(message, read.Reason!, CancellationToken.None), abandon).ConfigureAwait(false))
                    {
                        return -1;
                    }
                }
                finally
                {
                    span?.Dispose();
                    Activity.Current = null;
                }
                events.DeadLettered(message.Topic, partition, message.Offset.Value, read.Reason!);
            }
            Activity.Current = null;

            if (valid.Count > 0 && _hasPerOrderWork && !await ProcessOrdersAsync(valid, spans, abandon).ConfigureAwait(false))
            {
                return -1;
            }

            var outcome = new ApplyResult(0, 0);
            if (valid.Count > 0 && !await _retry.RunAsync(async () => outcome = await handler.ApplyAsync(valid, CancellationToken.None).ConfigureAwait(false), abandon).ConfigureAwait(false))
            {
                return -1;
            }

            var nextOffset = messages[^1].Offset.Value + 1;
            events.BatchProcessed(partition, nextOffset, messages.Count, outcome.Duplicates, Stopwatch.GetElapsedTime(started));
            return nextOffset;
        }
        finally
        {
            // A process span ends once its order's effect is durable (or the batch is abandoned).
            foreach (var span in spans)
            {
                span?.Dispose();
            }

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
            events.PartitionBlocked(partition, message.Offset.Value, ex);
            throw;
        }
        events.PartitionUnblocked(partition);
    }

    /// <summary>The per-order step: in offset order, or with <see cref="ConsumerGroupOptions.KeyConcurrency"/> above 1,
    /// one sequential lane per key with up to that many keys in flight.</summary>
    private async Task<bool> ProcessOrdersAsync(List<ConsumedOrder> orders, List<Activity?> spans, CancellationToken abandon)
    {
        if (_options.KeyConcurrency <= 1)
        {
            for (var i = 0; i < orders.Count; i++)
            {
                if (!await ProcessOneAsync(orders[i], spans[i], abandon).ConfigureAwait(false))
                {
                    return false;
                }
            }
            return true;
        }

        var lanes = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < orders.Count; i++)
        {
            var key = orders[i].Order.CustomerId;
            if (!lanes.TryGetValue(key, out var lane))
            {
                lanes[key] = lane = [];
            }

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
        if (Activity.Current != span)
        {
            Activity.Current = span; // work done for this order belongs to its trace
        }

        try
        {
            // The first attempt runs bare (most per-order work completes at once); only a failure takes the retry path.
            await handler.ProcessAsync(order, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (IsRetriable(ex))
        {
            events.TransientFailure(ex, 1, TimeSpan.Zero);
        }
        if (!await _retry.RunAsync(() => handler.ProcessAsync(order, CancellationToken.None).AsTask(), abandon).ConfigureAwait(false))
        {
            return false;
        }

        events.Recovered();
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
}
