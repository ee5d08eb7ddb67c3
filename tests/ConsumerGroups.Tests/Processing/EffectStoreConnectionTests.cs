using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.ConsumerGroups.Tests.Processing;

public sealed class EffectStoreConnectionTests
{
    [Theory]
    [InlineData(null, EffectStoreProvider.Sqlite, "Data Source=/app/.data/analytics.db")]
    [InlineData("  ", EffectStoreProvider.Sqlite, "Data Source=/app/.data/analytics.db")]
    [InlineData("Data Source=/tmp/x/analytics.db", EffectStoreProvider.Sqlite, "data source=/tmp/x/analytics.db")]
    [InlineData("Data Source=data/g.db;Cache=Shared", EffectStoreProvider.Sqlite, "data source=/app/data/g.db;cache=Shared")]
    [InlineData("Filename=g.db", EffectStoreProvider.Sqlite, "filename=/app/g.db")]
    [InlineData("Provider=sqlite;Data Source=/d/g.db", EffectStoreProvider.Sqlite, "data source=/d/g.db")]
    [InlineData("Host=db;Port=5432;Username=u;Password=p;Database=effects", EffectStoreProvider.Postgres, "host=db;port=5432;username=u;password=p;database=effects")]
    [InlineData("Server=db;Database=effects", EffectStoreProvider.Postgres, "server=db;database=effects")]
    [InlineData("Provider=Postgres;Host=db", EffectStoreProvider.Postgres, "host=db")]
    [InlineData("provider=npgsql;host=db", EffectStoreProvider.Postgres, "host=db")]
    public void Detects_the_provider_and_cleans_the_connection_string(string? configured, EffectStoreProvider provider, string expected)
    {
        var connection = EffectStoreConnection.Resolve(configured, "analytics", "/app");
        Assert.Equal(provider, connection.Provider);
        Assert.Equal(expected, connection.ConnectionString, ignoreCase: true);
    }

    [Theory]
    [InlineData("Provider=mysql;Host=db", "ConnectionStrings:effects: Provider = 'mysql' is not valid; allowed: sqlite, postgres, postgresql, npgsql")]
    [InlineData("Cache=Shared", "ConnectionStrings:effects names no SQLite file; expected e.g. 'Data Source=/path/g.db' or 'Host=…' for PostgreSQL")]
    public void Explains_what_is_wrong(string configured, string message) =>
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => EffectStoreConnection.Resolve(configured, "g", "/app")).Message);

    [Fact]
    public void Malformed_strings_name_the_configuration_key() =>
        Assert.StartsWith("ConnectionStrings:effects is not a valid connection string",
            Assert.Throws<InvalidOperationException>(() => EffectStoreConnection.Resolve("Data Source='unclosed", "g", "/app")).Message);

    [Fact]
    public async Task The_factory_creates_the_store_of_the_provider()
    {
        var sqlite = new EffectStoreConnection(EffectStoreProvider.Sqlite, $"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".db")}");
        await using (var store = EffectStoreFactory.CreateOrderEffectStore(sqlite))
            Assert.IsType<SqliteOrderEffectStore>(store);
        await using (var store = EffectStoreFactory.CreateAnalyticsStore(sqlite))
            Assert.IsType<SqliteAnalyticsStore>(store);
        var postgres = new EffectStoreConnection(EffectStoreProvider.Postgres, "Host=127.0.0.1;Port=1");
        await using (var store = EffectStoreFactory.CreateOrderEffectStore(postgres))
            Assert.IsType<PostgresOrderEffectStore>(store);
        await using (var store = EffectStoreFactory.CreateAnalyticsStore(postgres))
            Assert.IsType<PostgresAnalyticsStore>(store);
    }
}
