using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.GroupContracts.Protocols;
using OrdersAspire.OrderProcessors.Store;

namespace OrdersAspire.OrderProcessors.Processing;

/// <summary>The order-processors effect: each order's processed state (status, total, partition, offset,
/// replica) recorded once per order id. A redelivered order changes nothing and is counted as a duplicate.</summary>
public sealed class OrderProcessingHandler(
    IOrderEffectStore store,
    IOptions<ConsumerGroupOptions> group,
    IOptions<OrderProcessingOptions> processing,
    TimeProvider time) : IOrderBatchHandler
{
    /// <summary>Stand-in for real per-order work (pricing, a fraud check, a remote call): lets demos, tests and the
    /// benchmark create lag on purpose, and shows what key-level concurrency buys when the work waits.</summary>
    public ValueTask ProcessAsync(ConsumedOrder order, CancellationToken cancellationToken)
    {
        var work = processing.Value.SimulatedWorkPerOrderMs;
        return work > 0 ? new ValueTask(Task.Delay(TimeSpan.FromMilliseconds(work), time, cancellationToken)) : ValueTask.CompletedTask;
    }

    public Task<ApplyResult> ApplyAsync(IReadOnlyList<ConsumedOrder> batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var replica = group.Value.ReplicaId;
        var processed = batch.Select(o => ProcessedOrder.From(o.Order, o.Partition, o.Offset, replica, now)).ToList();
        return store.ApplyAsync(processed, cancellationToken);
    }

    public async ValueTask<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken) =>
        await store.NextOffsetAsync(partition, cancellationToken).ConfigureAwait(false);
}
