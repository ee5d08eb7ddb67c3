using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.GroupContracts.Protocols;
using OrdersAspire.OrderProcessors.Store;

namespace OrdersAspire.OrderProcessors.Tests.Store;

public sealed class OrderEffectStoreFactoryTests : IDisposable
{
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), "orders-store-tests", Guid.NewGuid().ToString("N"));

    public OrderEffectStoreFactoryTests() => Directory.CreateDirectory(_contentRoot);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_contentRoot, recursive: true);
    }

    private IHost Build(string? effects)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = _contentRoot });
        if (effects is not null)
        {
            builder.Configuration.AddInMemoryCollection([KeyValuePair.Create("ConnectionStrings:effects", (string?)effects)]);
        }

        builder.AddConsumerGroupOptions(o => o.GroupId = "order-processors");
        builder.AddEffectStore(OrderEffectStoreFactory.Create);
        return builder.Build();
    }

    [Fact]
    public async Task Without_a_connection_string_the_group_gets_a_directory_of_partition_files_under_dot_data()
    {
        using var host = Build(null);
        var store = Assert.IsType<SqliteOrderEffectStore>(host.Services.GetRequiredService<IOrderEffectStore>());
        Assert.Equal(Path.Combine(_contentRoot, ".data", "order-processors"), store.Directory);
        Assert.Equal(SqliteSynchronous.Normal, store.Synchronous);

        await store.ApplyAsync([TestProcessedOrders.Order("o1", partition: 2)]);
        Assert.True(File.Exists(Path.Combine(store.Directory, "partition-2.db")));
        await store.DisposeAsync();
    }

    [Fact]
    public void Synchronous_Full_is_passed_to_the_SQLite_store()
    {
        using var host = Build($"Data Source={Path.Combine(_contentRoot, "x")};Synchronous=Full");
        var store = Assert.IsType<SqliteOrderEffectStore>(host.Services.GetRequiredService<IOrderEffectStore>());
        Assert.Equal(SqliteSynchronous.Full, store.Synchronous);
        Assert.Equal(Path.Combine(_contentRoot, "x"), store.Directory);
    }

    [Fact]
    public void A_bad_Synchronous_value_stops_the_service_naming_the_setting()
    {
        using var host = Build("Data Source=x;Synchronous=sometimes");
        var ex = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IOrderEffectStore>());
        Assert.Equal("ConnectionStrings:effects: Synchronous = 'sometimes' is not valid; allowed: Normal, Full", ex.Message);
    }

    [Fact]
    public async Task A_Host_connection_string_selects_PostgreSQL()
    {
        using var host = Build("Host=127.0.0.1;Port=1;Database=effects");
        await using var store = host.Services.GetRequiredService<IOrderEffectStore>();
        Assert.IsType<PostgresOrderEffectStore>(store);
    }
}
