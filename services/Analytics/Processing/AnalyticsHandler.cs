using Microsoft.Extensions.Options;
using OrdersAspire.Analytics.Store;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.GroupContracts.Protocols;

namespace OrdersAspire.Analytics.Processing;

/// <summary>The analytics effect: orders and revenue per region and per minute, updated together with the
/// order-id dedupe record in one transaction, so a redelivered order is counted once.</summary>
public sealed class AnalyticsHandler(IAnalyticsStore store, IOptions<ConsumerGroupOptions> group, TimeProvider time) : IOrderBatchHandler
{
    public Task<ApplyResult> ApplyAsync(IReadOnlyList<ConsumedOrder> batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var replica = group.Value.ReplicaId;
        var records = batch.Select(o => ProcessedOrder.From(o.Order, o.Partition, o.Offset, replica, now)).ToList();
        return store.ApplyAsync(records, cancellationToken);
    }

    public async ValueTask<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken) =>
        await store.NextOffsetAsync(partition, cancellationToken).ConfigureAwait(false);
}
