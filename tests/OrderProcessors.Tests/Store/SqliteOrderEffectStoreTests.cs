using System.Diagnostics;
using Microsoft.Data.Sqlite;
using OrdersAspire.ConsumerGroups.Processing;
using OrdersAspire.OrderProcessors.Store;
using Xunit.Abstractions;
using static OrdersAspire.Testing.Stores.TestProcessedOrders;

namespace OrdersAspire.OrderProcessors.Tests.Store;

public sealed class SqliteOrderEffectStoreTests(ITestOutputHelper output) : OrderEffectStoreContract(new SqliteStoreDatabase(), output)
{
    private SqliteStoreDatabase Sqlite => (SqliteStoreDatabase)Database;

    protected override IOrderEffectStore CreateStore(string connectionString) => new SqliteOrderEffectStore(connectionString);

    protected override Task<IReadOnlyList<string>> StoredIdsAsync() => Sqlite.Files.OrderIdsAsync("processed_orders");

    [Fact]
    public async Task Each_partition_has_its_own_file_in_WAL_mode()
    {
        var store = NewStore();
        await store.ApplyAsync([Order("a", partition: 0)]);
        await store.ApplyAsync([Order("b", partition: 5)]);

        Assert.Equal([Path.Combine(Sqlite.Directory, "partition-0.db"), Path.Combine(Sqlite.Directory, "partition-5.db")], Sqlite.Files.Files());
        foreach (var file in Sqlite.Files.Files())
        {
            await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        }
        Assert.Equal(["a", "b"], await Sqlite.Files.QueryAsync("SELECT order_id FROM processed_orders", r => r.GetString(0)));
    }

    [Fact]
    public async Task A_writer_holding_the_lock_past_the_timeout_surfaces_as_a_transient_failure_and_applies_nothing()
    {
        await using var store = new SqliteOrderEffectStore($"Data Source={Sqlite.Directory};Default Timeout=1");
        await store.ApplyAsync([Order("o1")]);

        await using (var other = new SqliteConnection($"Data Source={Path.Combine(Sqlite.Directory, "partition-0.db")};Pooling=False"))
        {
            await other.OpenAsync();
            using var held = other.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock, as another replica would
            var ex = await Assert.ThrowsAsync<TransientStoreException>(() => store.ApplyAsync([Order("o2"), Order("o1")]));
            Assert.True(TransientFailure.IsTransient(ex));
            Assert.IsType<SqliteException>(ex.InnerException);
        }

        Assert.Equal(["o1"], await StoredIdsAsync());
        Assert.Equal(0, await store.DuplicatesAbsorbedAsync());
        Assert.Equal(new ApplyResult(1, 1), await store.ApplyAsync([Order("o2"), Order("o1")]));
    }

    [Fact]
    public async Task A_writer_of_one_partition_does_not_wait_for_another_partitions_writer()
    {
        await using var store = new SqliteOrderEffectStore($"Data Source={Sqlite.Directory};Default Timeout=30");
        await store.ApplyAsync([Order("a", partition: 0)]);

        await using var other = new SqliteConnection($"Data Source={Path.Combine(Sqlite.Directory, "partition-0.db")};Pooling=False");
        await other.OpenAsync();
        using var held = other.BeginTransaction(deferred: false); // another replica writing partition 0
        var timer = Stopwatch.StartNew();
        Assert.Equal(new ApplyResult(1, 0), await store.ApplyAsync([Order("b", partition: 1)]));
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(10), $"partition 1 waited {timer.Elapsed} for partition 0's lock");
    }

    [Fact]
    public async Task What_was_committed_is_there_for_the_next_process()
    {
        await using (var first = new SqliteOrderEffectStore(Sqlite.ConnectionString))
        {
            await first.ApplyAsync(Range(0, 50, partition: 3));
        }

        SqliteConnection.ClearAllPools();
        await using var second = new SqliteOrderEffectStore(Sqlite.ConnectionString, SqliteSynchronous.Full);
        Assert.Equal(new ApplyResult(0, 50), await second.ApplyAsync(Range(0, 50, partition: 3)));
        Assert.Equal(50, await second.CountAsync());
    }

    [Fact]
    public async Task Queries_skip_a_partition_file_whose_schema_is_not_there_yet()
    {
        var store = NewStore();
        await store.ApplyAsync([Order("a", partition: 0)]);
        await using (var empty = new SqliteConnection($"Data Source={Path.Combine(Sqlite.Directory, "partition-9.db")};Pooling=False"))
        {
            await empty.OpenAsync(); // creates an empty file, as a writer that has not created its tables yet would
        }

        Assert.Equal(1, await store.CountAsync());
        Assert.Null(await store.FindAsync("b"));
    }
}
