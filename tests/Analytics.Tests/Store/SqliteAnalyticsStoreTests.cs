using OrdersAspire.Analytics.Store;

namespace OrdersAspire.Analytics.Tests.Store;

public sealed class SqliteAnalyticsStoreTests() : AnalyticsStoreContract(new SqliteStoreDatabase())
{
    protected override IAnalyticsStore CreateStore(string connectionString) => new SqliteAnalyticsStore(connectionString);

    [Fact]
    public async Task Each_partition_keeps_its_own_dedupe_records_and_buckets_in_its_own_file()
    {
        var store = NewStore();
        await store.ApplyAsync([TestProcessedOrders.Order("a", partition: 1, total: 1.5m)]);
        await store.ApplyAsync([TestProcessedOrders.Order("b", partition: 4, total: 2.25m)]);

        var files = ((SqliteStoreDatabase)Database).Files;
        Assert.Equal(["partition-1.db", "partition-4.db"], files.Files().Select(Path.GetFileName));
        Assert.Equal(["a", "b"], await files.QueryAsync("SELECT order_id FROM analytics_seen", r => r.GetString(0)));
        Assert.Equal(["1.5", "2.25"], await files.QueryAsync("SELECT revenue FROM analytics_buckets", r => r.GetString(0)));
    }
}

/// <summary>The whole contract again with the id index brought up to date every 5 orders.</summary>
public sealed class SqliteAnalyticsStoreMergingTests() : AnalyticsStoreContract(new SqliteStoreDatabase())
{
    protected override IAnalyticsStore CreateStore(string connectionString) => new SqliteAnalyticsStore(connectionString, mergeThreshold: 5);
}
