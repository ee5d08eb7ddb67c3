using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.OrderProcessors.Store;

/// <summary>The effects of the order-processors group: one row per order id, kept per partition as Kafka keeps the
/// log (an order's key decides its partition, so its redeliveries always come back to the same partition state).
/// Implementations: <see cref="SqliteOrderEffectStore"/> (default, one file per partition),
/// <see cref="PostgresOrderEffectStore"/> (several machines). Transient failures surface as
/// <see cref="TransientStoreException"/>: retry the same batch, commit nothing past it.</summary>
public interface IOrderEffectStore : IAsyncDisposable
{
    /// <summary>Creates what the store needs up front (directory, schema), idempotently; call it at start-up to fail
    /// fast. The other methods do it implicitly.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts a batch from ONE partition (<see cref="ProcessedOrder.PartitionOf"/>) in ONE transaction, durable
    /// when this returns; an order id already present (or repeated in the batch) is a duplicate: not changed, counted
    /// in the partition's persisted duplicates counter. All or nothing.</summary>
    Task<ApplyResult> ApplyAsync(IReadOnlyList<ProcessedOrder> batch, CancellationToken cancellationToken = default);

    /// <summary>The offset after the partition's last batch made durable here, or null before its first one.</summary>
    Task<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken = default);

    /// <summary>Orders applied (distinct order ids), over all partitions.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Duplicate deliveries absorbed since the store was created, by all replicas, over all partitions.</summary>
    Task<long> DuplicatesAbsorbedAsync(CancellationToken cancellationToken = default);

    /// <summary>The stored state of one order, or null.</summary>
    Task<ProcessedOrder?> FindAsync(string orderId, CancellationToken cancellationToken = default);
}
