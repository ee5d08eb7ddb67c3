using OrdersAspire.Analytics.Store;
using OrdersAspire.ConsumerGroups.Processing;
using static OrdersAspire.Testing.Stores.TestProcessedOrders;

namespace OrdersAspire.Analytics.Tests.Store;

/// <summary>The behaviour every <see cref="IAnalyticsStore"/> must have; run per database by the subclasses.</summary>
public abstract class AnalyticsStoreContract(StoreDatabase database) : IAsyncLifetime
{
    private readonly List<IAnalyticsStore> _stores = [];

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

    protected abstract IAnalyticsStore CreateStore(string connectionString);

    protected IAnalyticsStore NewStore()
    {
        Skip.If(Database.SkipReason is not null, Database.SkipReason);
        var store = CreateStore(Database.ConnectionString);
        _stores.Add(store);
        return store;
    }

    // Expected aggregates computed independently of the stores' own bucketing code.
    private static List<RegionAggregate> ExpectedRegions(IEnumerable<ProcessedOrder> orders) =>
        orders.GroupBy(o => (o.Region, o.Currency))
            .Select(g => new RegionAggregate(g.Key.Region, g.Key.Currency, g.Count(), g.Sum(o => o.Total)))
            .OrderBy(a => a.Region, StringComparer.Ordinal).ThenBy(a => a.Currency, StringComparer.Ordinal).ToList();

    private static List<MinuteAggregate> ExpectedMinutes(IEnumerable<ProcessedOrder> orders) =>
        orders.GroupBy(o => (Minute: new DateTimeOffset(o.CreatedAt.UtcDateTime.Year, o.CreatedAt.UtcDateTime.Month, o.CreatedAt.UtcDateTime.Day,
                o.CreatedAt.UtcDateTime.Hour, o.CreatedAt.UtcDateTime.Minute, 0, TimeSpan.Zero), o.Currency))
            .Select(g => new MinuteAggregate(g.Key.Minute, g.Key.Currency, g.Count(), g.Sum(o => o.Total)))
            .OrderBy(a => a.Minute).ThenBy(a => a.Currency, StringComparer.Ordinal).ToList();

    private static async Task AssertAggregatesAsync(IAnalyticsStore store, IReadOnlyList<ProcessedOrder> distinctOrders)
    {
        Assert.Equal(ExpectedRegions(distinctOrders), await store.RegionTotalsAsync());
        Assert.Equal(ExpectedMinutes(distinctOrders), await store.MinuteTotalsAsync());
        Assert.Equal(
            distinctOrders.GroupBy(o => o.Currency).Select(g => new CurrencyTotal(g.Key, g.Count(), g.Sum(o => o.Total))).OrderBy(t => t.Currency, StringComparer.Ordinal),
            await store.TotalsAsync());
        Assert.Equal(distinctOrders.Count, await store.CountAsync());
    }

    [SkippableFact]
    public async Task Each_partition_keeps_the_offset_after_its_last_durable_batch()
    {
        var store = NewStore();
        await PartitionPositionContract.EachPartitionKeepsTheOffsetAfterItsLastDurableBatchAsync(
            batch => store.ApplyAsync(batch), partition => store.NextOffsetAsync(partition));
    }

    [SkippableFact]
    public async Task Aggregates_stay_exact_when_a_batch_is_redelivered()
    {
        var store = NewStore();
        var batch = Range(0, 100);
        Assert.Equal(new ApplyResult(100, 0), await store.ApplyAsync(batch));
        Assert.Equal(new ApplyResult(0, 100), await store.ApplyAsync(batch));

        await AssertAggregatesAsync(store, batch);
        Assert.Equal(100, await store.DuplicatesAbsorbedAsync());
        Assert.Equal(3, (await store.RegionTotalsAsync()).Count);
        Assert.Equal(2, (await store.MinuteTotalsAsync()).Count);
    }

    [SkippableFact]
    public async Task Contains_tells_counted_orders_from_unknown_ones()
    {
        var store = NewStore();
        var batch = Range(0, 3);
        await store.ApplyAsync(batch);
        Assert.True(await store.ContainsAsync(batch[1].OrderId));
        Assert.False(await store.ContainsAsync("never-seen"));
    }

    [SkippableFact]
    public async Task A_partly_redelivered_batch_adds_only_its_new_orders()
    {
        var store = NewStore();
        await store.ApplyAsync(Range(0, 60));
        Assert.Equal(new ApplyResult(30, 30), await store.ApplyAsync(Range(30, 60)));
        await AssertAggregatesAsync(store, Range(0, 90));
        Assert.Equal(30, await store.DuplicatesAbsorbedAsync());
    }

    [SkippableFact]
    public async Task Revenue_is_summed_exactly_per_currency_and_minute_in_UTC()
    {
        var store = NewStore();
        await store.ApplyAsync([
            Order("a", "eu-west", 0.10m, createdAt: new DateTimeOffset(2026, 11, 25, 11, 0, 30, TimeSpan.FromHours(1))),
            Order("b", "eu-west", 0.20m, createdAt: Minute0.AddSeconds(59)),
            Order("c", "eu-west", 12345678901234.5678m, "USD", createdAt: Minute0.AddMinutes(2)),
            Order("a", "eu-west", 1000m),
        ]);
        Assert.Equal([new RegionAggregate("eu-west", "EUR", 2, 0.30m), new RegionAggregate("eu-west", "USD", 1, 12345678901234.5678m)],
            await store.RegionTotalsAsync());
        Assert.Equal([new MinuteAggregate(Minute0, "EUR", 2, 0.30m), new MinuteAggregate(Minute0.AddMinutes(2), "USD", 1, 12345678901234.5678m)],
            await store.MinuteTotalsAsync());
        Assert.Equal([new MinuteAggregate(Minute0.AddMinutes(2), "USD", 1, 12345678901234.5678m)],
            await store.MinuteTotalsAsync(since: Minute0.AddMinutes(1).AddSeconds(30)));
        Assert.Equal(1, await store.DuplicatesAbsorbedAsync());
    }

    [SkippableFact]
    public async Task Two_replicas_writing_overlapping_batches_at_once_count_each_order_once()
    {
        var replica1 = NewStore();
        var replica2 = NewStore();
        var batches1 = Range(0, 400, "r1").Chunk(20).ToList();
        var batches2 = Range(200, 400, "r2").Chunk(20).Reverse().ToList();
        var results = await Task.WhenAll(
            Task.Run(async () => { var sum = new ApplyResult(0, 0); foreach (var b in batches1) { sum += await replica1.ApplyAsync(b); } return sum; }),
            Task.Run(async () => { var sum = new ApplyResult(0, 0); foreach (var b in batches2) { sum += await replica2.ApplyAsync(b); } return sum; }));

        Assert.Equal(600, results[0].Applied + results[1].Applied);
        Assert.Equal(200, results[0].Duplicates + results[1].Duplicates);
        await AssertAggregatesAsync(replica2, Range(0, 600));
        Assert.Equal(200, await replica1.DuplicatesAbsorbedAsync());
    }

    [SkippableFact]
    public async Task A_failure_while_recording_ids_leaves_nothing()
    {
        var store = NewStore();
        await store.ApplyAsync([Order("o1")]);
        await Assert.ThrowsAnyAsync<Exception>(() => store.ApplyAsync([Order("o2"), Order("o1"), Order("o3", offset: -1)]));

        await AssertAggregatesAsync(store, [Order("o1")]);
        Assert.Equal(0, await store.DuplicatesAbsorbedAsync());
    }

    [SkippableFact]
    public async Task A_failure_while_updating_aggregates_also_undoes_the_recorded_ids()
    {
        var store = NewStore();
        // The ids insert fine; the bucket of the bad currency breaks a constraint afterwards.
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => store.ApplyAsync([Order("o1"), Order("o2", currency: "EURO"), Order("o3")]));
        Assert.False(TransientFailure.IsTransient(ex));

        Assert.Equal(0, await store.CountAsync());
        Assert.Empty(await store.TotalsAsync());
        Assert.Equal(new ApplyResult(2, 0), await store.ApplyAsync([Order("o1"), Order("o3")]));
        await AssertAggregatesAsync(store, [Order("o1"), Order("o3")]);
    }

    [SkippableFact]
    public async Task Repeats_within_a_batch_are_counted_once()
    {
        var store = NewStore();
        Assert.Equal(new ApplyResult(1, 2), await store.ApplyAsync([Order("o1", total: 5m), Order("o1", total: 7m), Order("o1")]));
        await AssertAggregatesAsync(store, [Order("o1", total: 5m)]);
        Assert.Equal(2, await store.DuplicatesAbsorbedAsync());
    }

    [SkippableFact]
    public async Task Partitions_are_kept_apart_and_the_totals_sum_over_them()
    {
        var store = NewStore();
        var orders = Enumerable.Range(0, 120).Select(i => Range(i, 1)[0] with { Partition = i % 6, Offset = i / 6 }).ToList();
        foreach (var batch in ByPartition(orders))
        {
            Assert.Equal(new ApplyResult(20, 0), await store.ApplyAsync(batch));
        }

        foreach (var batch in ByPartition(orders.Where(o => o.Offset < 2)))
        {
            Assert.Equal(new ApplyResult(0, 2), await store.ApplyAsync(batch));
        }

        var reader = NewStore(); // another replica sees every partition
        await AssertAggregatesAsync(reader, orders);
        Assert.Equal(12, await reader.DuplicatesAbsorbedAsync());
        Assert.True(await reader.ContainsAsync(orders[^1].OrderId));
    }

    [SkippableFact]
    public async Task A_batch_mixing_partitions_is_refused_and_changes_nothing()
    {
        var store = NewStore();
        await Assert.ThrowsAsync<ArgumentException>(() => store.ApplyAsync([Order("o1", partition: 0), Order("o2", partition: 1)]));
        Assert.Equal(0, await store.CountAsync());
        Assert.Empty(await store.TotalsAsync());
    }
}
