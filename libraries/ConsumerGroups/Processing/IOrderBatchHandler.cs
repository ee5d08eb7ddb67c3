namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>What a consumer group does with its orders, in two steps per batch of ONE partition:
/// <list type="number">
/// <item><see cref="ProcessAsync"/> for each order: per-order work that must finish before the effect is recorded (a
///   remote call, a lookup). One key's orders run in offset order; with <c>ConsumerGroup:KeyConcurrency</c> above 1,
///   orders of different keys run at the same time.</item>
/// <item><see cref="ApplyAsync"/> once for the whole batch, in offset order: it must make the effects durable and
///   idempotent (keyed by order id) before returning, because the offsets are stored right after.</item>
/// </list>
/// Throw a transient exception (see <see cref="TransientFailure"/>) to have the step retried with backoff; the offsets
/// are never stored past an unapplied order.</summary>
public interface IOrderBatchHandler
{
    ValueTask ProcessAsync(ConsumedOrder order, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    Task<ApplyResult> ApplyAsync(IReadOnlyList<ConsumedOrder> batch, CancellationToken cancellationToken);

    /// <summary>Where the effects say <paramref name="partition"/> stands: the offset after the last batch they made
    /// durable, or null when they keep no position. On assignment the consumer resumes here when this is ahead of the
    /// committed offset (the commit after a durable batch can be lost: a kill -9, a commit refused during a rebalance),
    /// so those orders are not delivered again.</summary>
    ValueTask<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken) => ValueTask.FromResult<long?>(null);
}
