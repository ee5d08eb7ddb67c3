using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.Observability.Tests.Tracing;

/// <summary>The consumer's effect for the trace test: remembers which orders it applied, nothing else.</summary>
public sealed class RecordingHandler(AppliedOrders applied) : IOrderBatchHandler
{
    public Task<ApplyResult> ApplyAsync(IReadOnlyList<ConsumedOrder> batch, CancellationToken cancellationToken)
    {
        foreach (var order in batch)
        {
            applied.Ids.TryAdd(order.Order.OrderId, order.Partition);
        }

        return Task.FromResult(new ApplyResult(batch.Count, 0));
    }
}
