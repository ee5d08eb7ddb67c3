namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>What a consumer group does with its orders. Called with a batch from ONE partition, in offset
/// order; it must make the effects durable and idempotent (keyed by order id) before returning, because
/// the offsets are stored right after. Throw a transient exception (see <see cref="TransientFailure"/>) to
/// have the batch retried with backoff; the offsets are never stored past an unapplied order.</summary>
public interface IOrderBatchHandler
{
    Task<ApplyResult> ApplyAsync(IReadOnlyList<ConsumedOrder> batch, CancellationToken cancellationToken);
}
