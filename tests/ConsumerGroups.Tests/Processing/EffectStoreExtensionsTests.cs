using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrdersAspire.ConsumerGroups.Configuration;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.ConsumerGroups.Tests.Processing;

public sealed class EffectStoreExtensionsTests : IDisposable
{
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), "consumer-groups-tests", Guid.NewGuid().ToString("N"));

    public EffectStoreExtensionsTests() => Directory.CreateDirectory(_contentRoot);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_contentRoot, recursive: true);
    }

    private IHost Build(string? effects, Action<IHostApplicationBuilder> register)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = _contentRoot });
        if (effects is not null)
            builder.Configuration.AddInMemoryCollection([KeyValuePair.Create("ConnectionStrings:effects", (string?)effects)]);
        builder.AddConsumerGroupOptions(o => o.GroupId = "order-processors");
        register(builder);
        return builder.Build();
    }

    [Fact]
    public async Task Without_a_connection_string_each_group_gets_a_SQLite_file_under_dot_data()
    {
        using var host = Build(null, b => b.AddOrderEffectStore());
        var store = Assert.IsType<SqliteOrderEffectStore>(host.Services.GetRequiredService<IOrderEffectStore>());
        Assert.Equal(Path.Combine(_contentRoot, ".data", "order-processors.db"), store.DataSource);

        await store.ApplyAsync([TestOrders.Order("o1")]);
        Assert.True(File.Exists(store.DataSource));
    }

    [Fact]
    public void A_configured_SQLite_file_is_used_for_analytics()
    {
        var file = Path.Combine(_contentRoot, "x", "analytics.db");
        using var host = Build($"Data Source={file}", b => b.AddAnalyticsStore());
        Assert.Equal(file, Assert.IsType<SqliteAnalyticsStore>(host.Services.GetRequiredService<IAnalyticsStore>()).DataSource);
    }

    [Fact]
    public void A_Host_connection_string_selects_PostgreSQL()
    {
        using var host = Build("Host=127.0.0.1;Port=1;Database=effects", b => { b.AddOrderEffectStore(); b.AddAnalyticsStore(); });
        Assert.IsType<PostgresOrderEffectStore>(host.Services.GetRequiredService<IOrderEffectStore>());
        Assert.IsType<PostgresAnalyticsStore>(host.Services.GetRequiredService<IAnalyticsStore>());
    }
}
