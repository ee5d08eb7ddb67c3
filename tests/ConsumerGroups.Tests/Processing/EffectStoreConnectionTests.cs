using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.ConsumerGroups.Tests.Processing;

public sealed class EffectStoreConnectionTests
{
    [Theory]
    [InlineData(null, EffectStoreProvider.Sqlite, "Data Source=/app/.data/analytics")]
    [InlineData("  ", EffectStoreProvider.Sqlite, "Data Source=/app/.data/analytics")]
    [InlineData("Data Source=/tmp/x/analytics", EffectStoreProvider.Sqlite, "data source=/tmp/x/analytics")]
    [InlineData("Data Source=data/g;Cache=Shared", EffectStoreProvider.Sqlite, "data source=/app/data/g;cache=Shared")]
    [InlineData("Filename=g", EffectStoreProvider.Sqlite, "data source=/app/g")]
    [InlineData("Provider=sqlite;Data Source=/d/g", EffectStoreProvider.Sqlite, "data source=/d/g")]
    [InlineData("Data Source=/d/g;Synchronous=Full", EffectStoreProvider.Sqlite, "data source=/d/g")]
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
    [InlineData(null, SqliteSynchronous.Normal)]
    [InlineData("Data Source=/d/g", SqliteSynchronous.Normal)]
    [InlineData("Data Source=/d/g;Synchronous=normal", SqliteSynchronous.Normal)]
    [InlineData("Data Source=/d/g;Synchronous=Full", SqliteSynchronous.Full)]
    [InlineData("synchronous = FULL ; Data Source=/d/g", SqliteSynchronous.Full)]
    public void Synchronous_is_our_own_option_for_SQLite(string? configured, SqliteSynchronous expected) =>
        Assert.Equal(expected, EffectStoreConnection.Resolve(configured, "g", "/app").Synchronous);

    [Theory]
    [InlineData("Provider=mysql;Host=db", "ConnectionStrings:effects: Provider = 'mysql' is not valid; allowed: sqlite, postgres, postgresql, npgsql")]
    [InlineData("Cache=Shared", "ConnectionStrings:effects names no SQLite directory; expected e.g. 'Data Source=/path/g' (one file per partition inside) or 'Host=…' for PostgreSQL")]
    [InlineData("Data Source=/d/g;Synchronous=Extra", "ConnectionStrings:effects: Synchronous = 'Extra' is not valid; allowed: Normal, Full")]
    [InlineData("Host=db;Synchronous=Full", "ConnectionStrings:effects: Synchronous applies to SQLite only (PostgreSQL is durable on commit)")]
    [InlineData("Data Source=:memory:", "ConnectionStrings:effects: Data Source = ':memory:' is not a directory; the SQLite store keeps one file per partition in a directory")]
    public void Explains_what_is_wrong(string configured, string message) =>
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => EffectStoreConnection.Resolve(configured, "g", "/app")).Message);

    [Fact]
    public void A_file_where_the_directory_should_be_is_refused()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.StartsWith("ConnectionStrings:effects: Data Source = ",
                Assert.Throws<InvalidOperationException>(() => EffectStoreConnection.Resolve($"Data Source={file}", "g", "/app")).Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Malformed_strings_name_the_configuration_key() =>
        Assert.StartsWith("ConnectionStrings:effects is not a valid connection string",
            Assert.Throws<InvalidOperationException>(() => EffectStoreConnection.Resolve("Data Source='unclosed", "g", "/app")).Message);
}
