using System.Collections.Concurrent;
using Confluent.Kafka;
using OrdersAspire.ConsumerGroups.Consumer;

namespace OrdersAspire.ConsumerGroups.Tests.Consumer;

public sealed class PartitionWorkerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task QueuedChunksAreTakenTogetherUpToTheBatchSizeAndEachBatchStoresTheOffsetAfterIt()
    {
        var messages = ConsumedMessages.OnePartition(10, keys: 3, partition: 4);
        var gate = new TaskCompletionSource();
        var firstTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new ConcurrentQueue<long[]>();
        var stored = new ConcurrentQueue<(int, long)>();
        using var concurrency = new SemaphoreSlim(1, 1);
        var worker = new PartitionWorker(4, batchSize: 4, concurrency, async (batch, _) =>
        {
            firstTaken.TrySetResult();
            await gate.Task; // hold the first batch so the rest queues up behind it
            batches.Enqueue([.. batch.Select(m => m.Offset.Value)]);
            return batch[^1].Offset.Value + 1;
        }, (p, o) => stored.Enqueue((p, o)), CancellationToken.None);

        worker.Enqueue(messages[..1]);
        await firstTaken.Task.WaitAsync(Timeout); // the first chunk is in hand before the others arrive
        worker.Enqueue(messages[1..3]);
        worker.Enqueue(messages[3..5]);
        worker.Enqueue(messages[5..8]);
        worker.Enqueue(messages[8..10]);
        gate.SetResult();
        await WaitUntilAsync(() => stored.Count == 4, Timeout, "every batch stored");

        Assert.Equal(new long[][] { [0], [1, 2, 3, 4], [5, 6, 7], [8, 9] }, batches.ToArray());
        Assert.Equal(new[] { (4, 1L), (4, 5L), (4, 8L), (4, 10L) }, stored.ToArray());
        Assert.Equal(0, worker.Queued);
        Assert.True(await worker.StopAsync(Timeout));
    }

    [Fact]
    public async Task StoppingFinishesTheBatchInHandAndDropsWhatIsQueuedUnstored()
    {
        var messages = ConsumedMessages.OnePartition(6, keys: 2);
        var inHand = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var processed = new ConcurrentQueue<long>();
        var stored = new ConcurrentQueue<long>();
        using var concurrency = new SemaphoreSlim(1, 1);
        var worker = new PartitionWorker(0, batchSize: 2, concurrency, async (batch, _) =>
        {
            inHand.TrySetResult();
            await release.Task;
            foreach (var m in batch)
            {
                processed.Enqueue(m.Offset.Value);
            }

            return batch[^1].Offset.Value + 1;
        }, (_, o) => stored.Enqueue(o), CancellationToken.None);

        worker.Enqueue(messages[..2]);
        await inHand.Task.WaitAsync(Timeout);
        worker.Enqueue(messages[2..4]);
        worker.Enqueue(messages[4..6]);
        var stopping = worker.StopAsync(Timeout);
        release.SetResult();

        Assert.True(await stopping);
        Assert.Equal([0L, 1L], processed.ToArray());
        Assert.Equal([2L], stored.ToArray()); // only what was durable; offsets 2..5 go to the next owner
        Assert.Equal(0, worker.Queued);
        worker.Enqueue(messages[2..4]); // after stopping: dropped
        Assert.Equal(0, worker.Queued);
    }

    [Fact]
    public async Task AnAbandonedBatchStoresNothingAndEndsTheWorker()
    {
        var messages = ConsumedMessages.OnePartition(4, keys: 1);
        var stored = new ConcurrentQueue<long>();
        using var concurrency = new SemaphoreSlim(1, 1);
        var worker = new PartitionWorker(0, batchSize: 2, concurrency, (_, _) => Task.FromResult(-1L), (_, o) => stored.Enqueue(o), CancellationToken.None);

        worker.Enqueue(messages[..2]);
        await worker.Completion.WaitAsync(Timeout);

        Assert.Empty(stored);
        Assert.True(await worker.StopAsync(Timeout));
    }

    [Fact]
    public async Task PartitionsShareTheConcurrencyLimit()
    {
        var running = 0;
        var maxRunning = 0;
        var twoRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stored = new ConcurrentQueue<long>();
        using var concurrency = new SemaphoreSlim(2, 2);
        async Task<long> Process(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch, CancellationToken _)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            if (now >= 2)
            {
                twoRunning.TrySetResult();
            }

            await twoRunning.Task.WaitAsync(Timeout); // hold each batch until the limit is reached, then see it is never passed
            await Task.Delay(20);
            Interlocked.Decrement(ref running);
            return batch[^1].Offset.Value + 1;
        }
        var workers = Enumerable.Range(0, 5)
            .Select(p => new PartitionWorker(p, 10, concurrency, Process, (_, o) => stored.Enqueue(o), CancellationToken.None)).ToList();
        foreach (var w in workers)
        {
            w.Enqueue(ConsumedMessages.OnePartition(3, keys: 1, partition: w.Partition));
        }

        await WaitUntilAsync(() => stored.Count == 5, Timeout, "every partition's batch stored");
        Assert.Equal(2, maxRunning);
        foreach (var w in workers)
        {
            Assert.True(await w.StopAsync(Timeout));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for {what}");
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
