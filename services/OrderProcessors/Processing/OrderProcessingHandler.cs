using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.Processing;
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
    public async Task<ApplyResult> ApplyAsync(IReadOnlyList<ConsumedOrder> batch, CancellationToken cancellationToken)
    {
        // Stand-in for real work (pricing, fraud checks...): lets demos and tests create lag on purpose.
        var work = processing.Value.SimulatedWorkPerOrderMs * batch.Count;
        if (work > 0)
            await Task.Delay(TimeSpan.FromMilliseconds(work), time, cancellationToken).ConfigureAwait(false);

        var now = time.GetUtcNow();
        var replica = group.Value.ReplicaId;
        var processed = batch.Select(o => ProcessedOrder.From(o.Order, o.Partition, o.Offset, replica, now)).ToList();
        return await store.ApplyAsync(processed, cancellationToken).ConfigureAwait(false);
    }
}
