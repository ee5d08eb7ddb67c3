using Microsoft.Data.Sqlite;
using OrdersAspire.ConsumerGroups.Processing;
using static OrdersAspire.ConsumerGroups.Tests.Processing.TestOrders;

namespace OrdersAspire.ConsumerGroups.Tests.Processing;

public sealed class SqliteOrderEffectStoreTests() : OrderEffectStoreContract(new SqliteTarget())
{
    private string FilePath => ((SqliteTarget)Target).FilePath;

    [Fact]
    public async Task The_file_is_in_WAL_mode_so_readers_do_not_block_the_writer()
    {
        await NewStore().InitializeAsync();
        await using var connection = new SqliteConnection($"Data Source={FilePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_writer_holding_the_lock_past_the_timeout_surfaces_as_a_transient_failure_and_applies_nothing()
    {
        await using var store = new SqliteOrderEffectStore($"Data Source={FilePath};Default Timeout=1");
        await store.ApplyAsync([Order("o1")]);

        await using (var other = new SqliteConnection($"Data Source={FilePath}"))
        {
            await other.OpenAsync();
            using var held = other.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock, as another replica would
            var ex = await Assert.ThrowsAsync<TransientStoreException>(() => store.ApplyAsync([Order("o2"), Order("o1")]));
            Assert.True(TransientFailure.IsTransient(ex));
            Assert.IsType<SqliteException>(ex.InnerException);
        }

        Assert.Equal(["o1"], await store.OrderIdsAsync());
        Assert.Equal(0, await store.DuplicatesAbsorbedAsync());
        Assert.Equal(new ApplyResult(1, 1), await store.ApplyAsync([Order("o2"), Order("o1")]));
    }
}
