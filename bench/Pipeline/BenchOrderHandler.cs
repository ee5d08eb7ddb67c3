using System.Diagnostics;
using Microsoft.Extensions.Options;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.GroupContracts.Protocols;
using OrdersAspire.OrderProcessors.Store;

namespace OrdersAspire.Bench.Pipeline;

/// <summary>The order-processors handler (services/OrderProcessors OrderProcessingHandler, without simulated work):
/// each order's processed state applied to the store, plus timing for the bench.</summary>
public sealed class BenchOrderHandler(
    IOrderEffectStore store,
    IOptions<ConsumerGroupOptions> group,
    CompletionRecorder recorder,
    TimeProvider time) : IOrderBatchHandler
{
    public async Task<ApplyResult> ApplyAsync(IReadOnlyList<ConsumedOrder> batch, CancellationToken cancellationToken)
    {
        recorder.Started(Stopwatch.GetTimestamp());
        var now = time.GetUtcNow();
        var replica = group.Value.ReplicaId;
        var processed = batch.Select(o => ProcessedOrder.From(o.Order, o.Partition, o.Offset, replica, now)).ToList();
        var result = await store.ApplyAsync(processed, cancellationToken).ConfigureAwait(false);
        recorder.Completed(batch, Stopwatch.GetTimestamp(), DateTime.UtcNow);
        return result;
    }

    public async ValueTask<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken) =>
        await store.NextOffsetAsync(partition, cancellationToken).ConfigureAwait(false);
}

/// <summary>Simulated per-order work for <see cref="WaitingBenchOrderHandler"/>.</summary>
public sealed record SimulatedWork(TimeSpan PerOrder);

/// <summary><see cref="BenchOrderHandler"/> with a per-order step that waits (a remote call), as the service's
/// handler does with simulated work: what key-level concurrency is for.</summary>
public sealed class WaitingBenchOrderHandler(
    IOrderEffectStore store,
    IOptions<ConsumerGroupOptions> group,
    CompletionRecorder recorder,
    SimulatedWork work,
    TimeProvider time) : IOrderBatchHandler
{
    private readonly BenchOrderHandler _inner = new(store, group, recorder, time);

    public ValueTask ProcessAsync(ConsumedOrder order, CancellationToken cancellationToken) =>
        new(Task.Delay(work.PerOrder, time, cancellationToken));

    public Task<ApplyResult> ApplyAsync(IReadOnlyList<ConsumedOrder> batch, CancellationToken cancellationToken) =>
        _inner.ApplyAsync(batch, cancellationToken);

    public ValueTask<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken) =>
        _inner.NextOffsetAsync(partition, cancellationToken);
}
