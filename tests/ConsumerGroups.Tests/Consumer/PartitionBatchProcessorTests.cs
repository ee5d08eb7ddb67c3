using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrdersAspire.ConsumerGroups.Consumer;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.ConsumerGroups.Tests.Consumer;

/// <summary>The per-partition batch step, resolved from the real registration (no broker is contacted: the batches
/// hold no dead letter).</summary>
public sealed class PartitionBatchProcessorTests
{
    [Fact]
    public async Task WithPartitionOrderingEachOrderRunsAloneInOffsetOrderThenTheBatchIsAppliedOnce()
    {
        var handler = new RecordingHandler(TimeSpan.FromMilliseconds(2));
        using var host = Build(handler, keyConcurrency: 1);
        var messages = ConsumedMessages.OnePartition(20, keys: 5, partition: 3);

        var next = await host.Services.GetRequiredService<PartitionBatchProcessor>().ProcessAsync(messages, CancellationToken.None);

        Assert.Equal(20, next);
        Assert.Equal(1, handler.MaxInFlight);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), handler.Processed.Select(o => o.Offset));
        var applied = Assert.Single(handler.Applied);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), applied.Select(o => o.Offset));
    }

    [Fact]
    public async Task WithKeyConcurrencyKeysRunInParallelEachKeyInOrderAndTheBatchWaitsForAllOfThem()
    {
        var handler = new RecordingHandler(TimeSpan.FromMilliseconds(20));
        using var host = Build(handler, keyConcurrency: 4);
        var messages = ConsumedMessages.OnePartition(40, keys: 8);

        var next = await host.Services.GetRequiredService<PartitionBatchProcessor>().ProcessAsync(messages, CancellationToken.None);

        Assert.Equal(40, next);
        Assert.InRange(handler.MaxInFlight, 2, 4);
        foreach (var key in handler.Processed.GroupBy(o => o.Order.CustomerId))
        {
            Assert.Equal(key.Select(o => o.Offset).Order(), key.Select(o => o.Offset)); // one key's orders in offset order
        }

        var applied = Assert.Single(handler.Applied);
        Assert.Equal(40, handler.ProcessedBeforeApply); // the durable write comes after every order's work
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), applied.Select(o => o.Offset));
    }

    [Fact]
    public async Task AHandlerWithoutPerOrderWorkIsOnlyAskedToApply()
    {
        var handler = new ApplyOnlyHandler();
        using var host = Build(handler, keyConcurrency: 8);

        var next = await host.Services.GetRequiredService<PartitionBatchProcessor>().ProcessAsync(ConsumedMessages.OnePartition(5, keys: 5), CancellationToken.None);

        Assert.Equal(5, next);
        Assert.Equal(5, handler.Applied);
    }

    private static IHost Build<THandler>(THandler handler, int keyConcurrency) where THandler : class, IOrderBatchHandler =>
        ConsumerGroupTestHost.Build("127.0.0.1:9", "batch-processor-tests",
            settings: new Dictionary<string, string?> { ["ConsumerGroup:KeyConcurrency"] = keyConcurrency.ToString() }, handler: handler);

    private sealed class RecordingHandler(TimeSpan workPerOrder) : IOrderBatchHandler
    {
        private int _inFlight;
        private int _maxInFlight;
        public ConcurrentQueue<ConsumedOrder> Processed { get; } = new();
        public List<IReadOnlyList<ConsumedOrder>> Applied { get; } = [];
        public int MaxInFlight => _maxInFlight;
        public int ProcessedBeforeApply { get; private set; }

        public async ValueTask ProcessAsync(ConsumedOrder order, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen) { }
            Processed.Enqueue(order);
            await Task.Delay(workPerOrder, cancellationToken);
            Interlocked.Decrement(ref _inFlight);
        }

        public Task<ApplyResult> ApplyAsync(IReadOnlyList<ConsumedOrder> batch, CancellationToken cancellationToken)
        {
            ProcessedBeforeApply = Processed.Count;
            Applied.Add([.. batch]);
            return Task.FromResult(new ApplyResult(batch.Count, 0));
        }
    }

    private sealed class ApplyOnlyHandler : IOrderBatchHandler
    {
        public int Applied { get; private set; }

        public Task<ApplyResult> ApplyAsync(IReadOnlyList<ConsumedOrder> batch, CancellationToken cancellationToken)
        {
            Applied += batch.Count;
            return Task.FromResult(new ApplyResult(batch.Count, 0));
        }
    }
}
