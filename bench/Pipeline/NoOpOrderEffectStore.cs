using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.OrderProcessors.Store;

namespace OrdersAspire.Bench.Pipeline;

/// <summary>A store that keeps nothing: every order counts as applied. Separates the pipeline's own cost from the store's.</summary>
public sealed class NoOpOrderEffectStore : IOrderEffectStore
{
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ApplyResult> ApplyAsync(IReadOnlyList<ProcessedOrder> batch, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ApplyResult(batch.Count, 0));

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult(0L);

    public Task<long> DuplicatesAbsorbedAsync(CancellationToken cancellationToken = default) => Task.FromResult(0L);

    public Task<ProcessedOrder?> FindAsync(string orderId, CancellationToken cancellationToken = default) =>
        Task.FromResult<ProcessedOrder?>(null);

    public Task<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken = default) => Task.FromResult<long?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
