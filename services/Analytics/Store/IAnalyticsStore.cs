using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.Analytics.Store;

/// <summary>The effects of the analytics group: a dedupe record per order id plus aggregates (orders and revenue
/// per region and per minute of <c>CreatedAt</c>, UTC, kept per currency), updated only for new order ids, in ONE
/// transaction per batch. State is kept per partition, as Kafka Streams keeps a task's state store (an order's key
/// decides its partition, so its redeliveries come back to the same partition state); the totals are summed over
/// partitions when read. Implementations: <see cref="SqliteAnalyticsStore"/> (default, one file per partition),
/// <see cref="PostgresAnalyticsStore"/> (several machines). Transient failures surface as
/// <see cref="TransientStoreException"/>.</summary>
public interface IAnalyticsStore : IAsyncDisposable
{
    /// <summary>Creates the schema if needed (idempotent). Called implicitly by the other methods.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Records a batch from ONE partition (<see cref="ProcessedOrder.PartitionOf"/>) in ONE transaction, durable
    /// when this returns; duplicates (already seen, or repeated in the batch) change no aggregate and are counted.
    /// All or nothing.</summary>
    Task<ApplyResult> ApplyAsync(IReadOnlyList<ProcessedOrder> batch, CancellationToken cancellationToken = default);

    /// <summary>Distinct orders recorded.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether this order id has been counted.</summary>
    Task<bool> ContainsAsync(string orderId, CancellationToken cancellationToken = default);

    Task<long> DuplicatesAbsorbedAsync(CancellationToken cancellationToken = default);

    /// <summary>The offset after the partition's last batch made durable here, or null before its first one.</summary>
    Task<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken = default);

    /// <summary>Per region and currency, sorted by region then currency.</summary>
    Task<IReadOnlyList<RegionAggregate>> RegionTotalsAsync(CancellationToken cancellationToken = default);

    /// <summary>Per minute (UTC) and currency, sorted by minute then currency; from <paramref name="since"/> (inclusive) when given.</summary>
    Task<IReadOnlyList<MinuteAggregate>> MinuteTotalsAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default);

    /// <summary>Per currency over everything, sorted by currency.</summary>
    Task<IReadOnlyList<CurrencyTotal>> TotalsAsync(CancellationToken cancellationToken = default);
}
