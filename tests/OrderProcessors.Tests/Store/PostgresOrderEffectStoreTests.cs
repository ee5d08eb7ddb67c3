using OrdersAspire.OrderProcessors.Store;
using Xunit.Abstractions;

namespace OrdersAspire.OrderProcessors.Tests.Store;

/// <summary>Runs when <c>ORDERS_TEST_POSTGRES</c> names a PostgreSQL database (CI sets it).</summary>
public sealed class PostgresOrderEffectStoreTests(ITestOutputHelper output) : OrderEffectStoreContract(new PostgresStoreDatabase(), output)
{
    private PostgresStoreDatabase Postgres => (PostgresStoreDatabase)Database;

    protected override IOrderEffectStore CreateStore(string connectionString) => new PostgresOrderEffectStore(connectionString);

    protected override async Task<IReadOnlyList<string>> StoredIdsAsync() =>
        (await Postgres.QueryAsync("SELECT order_id FROM processed_orders", r => r.GetString(0))).Order(StringComparer.Ordinal).ToList();

    [SkippableFact]
    public async Task Rows_carry_their_partition_and_counters_are_kept_per_partition()
    {
        var store = NewStore();
        await store.ApplyAsync([TestProcessedOrders.Order("a", partition: 1), TestProcessedOrders.Order("a", partition: 1)]);
        await store.ApplyAsync([TestProcessedOrders.Order("b", partition: 4), TestProcessedOrders.Order("b", partition: 4)]);
        Assert.Equal([(1, "a"), (4, "b")],
            (await Postgres.QueryAsync("SELECT kafka_partition, order_id FROM processed_orders ORDER BY 1", r => (r.GetInt32(0), r.GetString(1)))));
        Assert.Equal([(1, 1L), (4, 1L)],
            (await Postgres.QueryAsync("SELECT kafka_partition, value FROM partition_counters ORDER BY 1", r => (r.GetInt32(0), r.GetInt64(1)))));
        Assert.Equal(2, await store.DuplicatesAbsorbedAsync());
    }
}
