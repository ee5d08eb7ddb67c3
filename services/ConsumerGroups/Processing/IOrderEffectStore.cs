namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>The effects of the order-processors group: one row per order id, shared by all replicas of the group
/// (several processes at once). Implementations: <see cref="SqliteOrderEffectStore"/>, <see cref="PostgresOrderEffectStore"/>.
/// Transient failures surface as <see cref="TransientStoreException"/>: retry the same batch, commit nothing past it.</summary>
public interface IOrderEffectStore : IAsyncDisposable
{
    /// <summary>Creates the schema if needed (idempotent, safe from several processes). Called implicitly by the
    /// other methods; call it at start-up to fail fast.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts each order in ONE transaction; an order id already present (or repeated in the batch) is a
    /// duplicate: not changed, counted in the persisted duplicates counter. All or nothing.</summary>
    Task<ApplyResult> ApplyAsync(IReadOnlyList<ProcessedOrder> batch, CancellationToken cancellationToken = default);

    /// <summary>Orders applied (distinct order ids).</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Duplicate deliveries absorbed since the store was created, by all replicas.</summary>
    Task<long> DuplicatesAbsorbedAsync(CancellationToken cancellationToken = default);

    /// <summary>All applied order ids, sorted (ordinal). Meant for tests and verification runs.</summary>
    Task<IReadOnlyList<string>> OrderIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>The stored state of one order, or null.</summary>
    Task<ProcessedOrder?> FindAsync(string orderId, CancellationToken cancellationToken = default);
}
