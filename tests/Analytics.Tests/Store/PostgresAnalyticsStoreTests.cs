using OrdersAspire.Analytics.Store;

namespace OrdersAspire.Analytics.Tests.Store;

/// <summary>Runs when <c>ORDERS_TEST_POSTGRES</c> names a PostgreSQL database (CI sets it).</summary>
public sealed class PostgresAnalyticsStoreTests() : AnalyticsStoreContract(new PostgresStoreDatabase())
{
    protected override IAnalyticsStore CreateStore(string connectionString) => new PostgresAnalyticsStore(connectionString);

    [SkippableFact]
    public async Task Buckets_are_kept_per_partition()
    {
        var store = NewStore();
        await store.ApplyAsync([TestProcessedOrders.Order("a", partition: 1, total: 1.5m)]);
        await store.ApplyAsync([TestProcessedOrders.Order("b", partition: 4, total: 2.25m)]);
        Assert.Equal([(1, 1.5m), (4, 2.25m)], await ((PostgresStoreDatabase)Database).QueryAsync(
            "SELECT kafka_partition, revenue FROM analytics_buckets ORDER BY 1", r => (r.GetInt32(0), r.GetDecimal(1))));
        Assert.Equal([new CurrencyTotal("EUR", 2, 3.75m)], await store.TotalsAsync());
    }
}
