using OrdersAspire.Analytics.Store;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.Analytics.Tests.Store;

public sealed class AnalyticsStoreFactoryTests
{
    [Fact]
    public async Task The_factory_creates_the_store_of_the_provider()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orders-store-tests", Guid.NewGuid().ToString("N"));
        await using (var store = AnalyticsStoreFactory.Create(EffectStoreConnection.Resolve($"Data Source={directory}", "analytics", "/")))
        {
            Assert.Equal(directory, Assert.IsType<SqliteAnalyticsStore>(store).Directory);
        }

        await using (var store = AnalyticsStoreFactory.Create(EffectStoreConnection.Resolve("Host=127.0.0.1;Port=1", "analytics", "/")))
        {
            Assert.IsType<PostgresAnalyticsStore>(store);
        }
    }
}
