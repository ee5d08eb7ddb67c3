using System.Diagnostics;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.OrderProcessors.Store;
using Xunit.Abstractions;
using static OrdersAspire.Testing.Stores.TestProcessedOrders;

namespace OrdersAspire.OrderProcessors.Tests.Store;

/// <summary>The behaviour every <see cref="IOrderEffectStore"/> must have; run per database by the subclasses.</summary>
public abstract class OrderEffectStoreContract(StoreDatabase database, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Set to run the hand-run timing test (it measures, it asserts no timing).</summary>
    public const string ThroughputVariable = "ORDERS_STORE_THROUGHPUT";

    private readonly List<IOrderEffectStore> _stores = [];

    protected StoreDatabase Database { get; } = database;

    public Task InitializeAsync() => Database.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await Database.DisposeAsync();
    }

    protected abstract IOrderEffectStore CreateStore(string connectionString);

    /// <summary>Every stored order id, sorted, read by the test itself (not through the store).</summary>
    protected abstract Task<IReadOnlyList<string>> StoredIdsAsync();

    /// <summary>A store on this test's database (skips the test when the database is not available).</summary>
    protected IOrderEffectStore NewStore()
    {
        Skip.If(Database.SkipReason is not null, Database.SkipReason);
        var store = CreateStore(Database.ConnectionString);
        _stores.Add(store);
        return store;
    }

    [SkippableFact]
    public async Task Each_partition_keeps_the_offset_after_its_last_durable_batch()
    {
        var store = NewStore();
        await PartitionPositionContract.EachPartitionKeepsTheOffsetAfterItsLastDurableBatchAsync(
            batch => store.ApplyAsync(batch), partition => store.NextOffsetAsync(partition));
    }

    [SkippableFact]
    public async Task New_orders_are_applied_and_redelivered_ones_absorbed_and_counted()
    {
        var store = NewStore();
        Assert.Equal(new ApplyResult(3, 0), await store.ApplyAsync([Order("o1"), Order("o2"), Order("o3")]));
        Assert.Equal(new ApplyResult(1, 2), await store.ApplyAsync([Order("o2"), Order("o3"), Order("o4")]));
        Assert.Equal(new ApplyResult(0, 1), await store.ApplyAsync([Order("o1")]));

        Assert.Equal(4, await store.CountAsync());
        Assert.Equal(3, await store.DuplicatesAbsorbedAsync());
        Assert.Equal(["o1", "o2", "o3", "o4"], await StoredIdsAsync());
    }

    [SkippableFact]
    public async Task A_duplicate_leaves_the_stored_order_unchanged()
    {
        var store = NewStore();
        var first = Order("o1", total: 10.25m, partition: 2, offset: 7, replica: "r1");
        await store.ApplyAsync([first]);
        await store.ApplyAsync([first with { Total = 99m, Status = "other", ReplicaId = "r2", Offset = 70 }]);

        Assert.Equal(first, await store.FindAsync("o1"));
        Assert.Null(await store.FindAsync("missing"));
    }

    [SkippableFact]
    public async Task An_order_repeated_within_a_batch_is_applied_once()
    {
        var store = NewStore();
        Assert.Equal(new ApplyResult(2, 2), await store.ApplyAsync([Order("o1"), Order("o1"), Order("o2"), Order("o1", offset: 5)]));
        Assert.Equal(2, await store.CountAsync());
        Assert.Equal(2, await store.DuplicatesAbsorbedAsync());
        Assert.Equal(0, (await store.FindAsync("o1"))!.Offset);
    }

    [SkippableFact]
    public async Task An_empty_store_and_an_empty_batch_count_nothing()
    {
        var store = NewStore();
        Assert.Equal(new ApplyResult(0, 0), await store.ApplyAsync([]));
        Assert.Equal(0, await store.CountAsync());
        Assert.Equal(0, await store.DuplicatesAbsorbedAsync());
        Assert.Null(await store.FindAsync("o1"));
        Assert.Empty(await StoredIdsAsync());
    }

    [SkippableFact]
    public async Task The_duplicates_counter_is_persisted_and_shared_by_replicas()
    {
        var replica1 = NewStore();
        await replica1.ApplyAsync(Range(0, 10, "r1"));
        var replica2 = NewStore();
        Assert.Equal(new ApplyResult(5, 5), await replica2.ApplyAsync(Range(5, 10, "r2")));
        Assert.Equal(5, await replica1.DuplicatesAbsorbedAsync());
        Assert.Equal(15, await NewStore().CountAsync());
    }

    [SkippableFact]
    public async Task Partitions_are_kept_apart_and_queries_answer_across_all_of_them()
    {
        var store = NewStore();
        var orders = Enumerable.Range(0, 60).Select(i => Order($"o{i:D2}", partition: i % 6, offset: i / 6)).ToList();
        foreach (var batch in ByPartition(orders))
        {
            Assert.Equal(new ApplyResult(10, 0), await store.ApplyAsync(batch));
        }
        // A redelivery on each partition.
        foreach (var batch in ByPartition(orders.Where(o => o.Offset == 0)))
        {
            Assert.Equal(new ApplyResult(0, 1), await store.ApplyAsync(batch));
        }

        var reader = NewStore(); // another replica sees everything
        Assert.Equal(60, await reader.CountAsync());
        Assert.Equal(6, await reader.DuplicatesAbsorbedAsync());
        foreach (var order in orders.Where(o => o.Offset == 3))
        {
            Assert.Equal(order, await reader.FindAsync(order.OrderId));
        }

        Assert.Equal(orders.Select(o => o.OrderId).Order(StringComparer.Ordinal), await StoredIdsAsync());
    }

    [SkippableFact]
    public async Task A_batch_mixing_partitions_is_refused_and_applies_nothing()
    {
        var store = NewStore();
        await Assert.ThrowsAsync<ArgumentException>(() => store.ApplyAsync([Order("o1", partition: 0), Order("o2", partition: 1)]));
        Assert.Equal(0, await store.CountAsync());
    }

    [SkippableFact]
    public async Task Two_replicas_writing_overlapping_batches_at_once_apply_each_order_exactly_once()
    {
        var replica1 = NewStore();
        var replica2 = NewStore();
        await Task.WhenAll(replica1.InitializeAsync(), replica2.InitializeAsync());

        // As during a rebalance, both write the same partition: replica 1 walks 0..599 forwards, replica 2 walks
        // 300..899 backwards; they collide on 300..599.
        var batches1 = Range(0, 600, "r1").Chunk(25).ToList();
        var batches2 = Range(300, 600, "r2").Chunk(25).Reverse().ToList();
        var results = await Task.WhenAll(
            Task.Run(async () => { var sum = new ApplyResult(0, 0); foreach (var b in batches1) { sum += await replica1.ApplyAsync(b); } return sum; }),
            Task.Run(async () => { var sum = new ApplyResult(0, 0); foreach (var b in batches2) { sum += await replica2.ApplyAsync(b); } return sum; }));

        Assert.Equal(900, results[0].Applied + results[1].Applied);
        Assert.Equal(300, results[0].Duplicates + results[1].Duplicates);
        Assert.Equal(900, await replica1.CountAsync());
        Assert.Equal(300, await replica2.DuplicatesAbsorbedAsync());
        Assert.Equal(Range(0, 900).Select(o => o.OrderId), await StoredIdsAsync());
        // The winner of each contested order is the replica that applied it; the other did not overwrite it.
        var r1Applied = 0;
        foreach (var id in Range(300, 300).Select(o => o.OrderId))
        {
            r1Applied += (await replica1.FindAsync(id))!.ReplicaId == "r1" ? 1 : 0;
        }

        Assert.Equal(results[0].Applied - 300, r1Applied);
    }

    [SkippableFact]
    public async Task A_failure_mid_batch_leaves_nothing_of_the_batch()
    {
        var store = NewStore();
        await store.ApplyAsync([Order("o1")]);
        await store.ApplyAsync([Order("o1")]);

        // The third row breaks a constraint after two rows (one new, one duplicate) were written in the transaction.
        var batch = new[] { Order("o2"), Order("o1"), Order("o3", offset: -1), Order("o4") };
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => store.ApplyAsync(batch));
        Assert.False(TransientFailure.IsTransient(ex));

        Assert.Equal(["o1"], await StoredIdsAsync());
        Assert.Equal(1, await store.DuplicatesAbsorbedAsync());
        Assert.Equal(new ApplyResult(3, 1), await store.ApplyAsync([Order("o2"), Order("o1"), Order("o3"), Order("o4")]));
    }

    [SkippableFact]
    public async Task Schema_creation_is_idempotent_across_instances()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore()).ToList();
        await Task.WhenAll(stores.Select(s => s.InitializeAsync()));
        await stores[0].InitializeAsync();
        await Task.WhenAll(stores.Select((s, i) => s.ApplyAsync([Order($"o{i}")])));
        Assert.Equal(4, await NewStore().CountAsync());
    }

    /// <summary>Run by hand (<c>ORDERS_STORE_THROUGHPUT=1</c>, Release): orders/s for 1000-order batches of one
    /// partition, every order new, as the consumer loop applies them. Prints; asserts only the result.</summary>
    [SkippableFact]
    public async Task Throughput_of_1000_order_batches()
    {
        Skip.If(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ThroughputVariable)), $"timing run: set {ThroughputVariable}=1");
        var store = NewStore();
        const int BatchSize = 1000, Batches = 300, Warmup = 20;
        var batches = Enumerable.Range(0, Batches).Select(b => Enumerable.Range(0, BatchSize).Select(i =>
            Order(Guid.NewGuid().ToString("N"), region: i % 2 == 0 ? "eu-west" : "us-east", total: 10m + i % 97 + 0.01m * (i % 100),
                offset: (long)b * BatchSize + i)).ToList()).ToList();
        for (var b = 0; b < Warmup; b++)
        {
            await store.ApplyAsync(batches[b]);
        }

        var timer = Stopwatch.StartNew();
        for (var b = Warmup; b < Batches; b++)
        {
            Assert.Equal(BatchSize, (await store.ApplyAsync(batches[b])).Applied);
        }

        timer.Stop();
        var orders = (Batches - Warmup) * BatchSize;
        output.WriteLine($"{GetType().Name}: {orders / timer.Elapsed.TotalSeconds:N0} orders/s " +
            $"({timer.Elapsed.TotalMilliseconds / (Batches - Warmup):0.00} ms per {BatchSize}-order batch, {orders:N0} orders after {Warmup * BatchSize:N0})");
        Assert.Equal(Batches * BatchSize, await store.CountAsync());
    }
}
