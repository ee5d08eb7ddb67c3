using System.Globalization;
using Microsoft.Data.Sqlite;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.OrderProcessors.Store;

/// <summary><see cref="IOrderEffectStore"/> on SQLite, one file per partition in the group's directory (see
/// <see cref="SqlitePartitionFiles{TWriter}"/>): a batch is ONE transaction on its partition's kept-open connection,
/// new orders appended to the partition's log (<c>processed_orders</c>, keyed by a sequence) by one prepared insert
/// each, values that repeat from one order to the next (partition, status, currency, region, replica, time) bound
/// once; an order id already logged is a duplicate (<see cref="SqliteOrderIdIndex"/>: exact, and cheap for random ids).
/// <para>What it promises: an order is applied once per order id; when <see cref="ApplyAsync"/> returns, the batch is
/// committed in WAL mode. With the default <c>Synchronous=Normal</c> a committed batch survives a crash of the process
/// (kill -9) but an OS crash or power loss may roll back the last committed batches (their offsets may already be
/// committed: those orders would be lost); <c>Synchronous=Full</c> in <c>ConnectionStrings:effects</c> syncs every
/// commit, so a committed batch survives a power loss too.</para>
/// Totals are stored as decimal text (exact); times as Unix milliseconds.</summary>
public sealed class SqliteOrderEffectStore : IOrderEffectStore
{
    public const string DuplicatesCounter = "orders.duplicates_absorbed";

    private static readonly string Schema = """
        CREATE TABLE IF NOT EXISTS effect_counters (
            name  TEXT PRIMARY KEY NOT NULL,
            value INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS processed_orders (
            seq             INTEGER PRIMARY KEY,
            order_id        TEXT NOT NULL CHECK (length(order_id) BETWEEN 1 AND 64),
            status          TEXT NOT NULL,
            total           TEXT NOT NULL,
            currency        TEXT NOT NULL CHECK (length(currency) = 3),
            customer_id     TEXT NOT NULL,
            region          TEXT NOT NULL,
            created_at_ms   INTEGER NOT NULL,
            kafka_partition INTEGER NOT NULL CHECK (kafka_partition >= 0),
            kafka_offset    INTEGER NOT NULL CHECK (kafka_offset >= 0),
            replica_id      TEXT NOT NULL,
            processed_at_ms INTEGER NOT NULL
        );
        """ + SqliteOrderIdIndex.Schema(Table);

    private const string Table = "processed_orders";

    private const string Columns =
        "order_id, status, total, currency, customer_id, region, created_at_ms, kafka_partition, kafka_offset, replica_id, processed_at_ms";

    private readonly SqlitePartitionFiles<Writer> _files;

    /// <param name="mergeThreshold">Orders logged before the id index is brought up to date (see
    /// <see cref="SqliteOrderIdIndex"/>).</param>
    public SqliteOrderEffectStore(string connectionString, SqliteSynchronous synchronous = SqliteSynchronous.Normal,
        int mergeThreshold = SqliteOrderIdIndex.DefaultMergeThreshold) =>
        _files = new SqlitePartitionFiles<Writer>(connectionString, synchronous, Schema,
            connection => new Writer(connection, new SqliteOrderIdIndex(connection, Table, mergeThreshold)));

    /// <summary>The group's directory (one <c>partition-N.db</c> per partition).</summary>
    public string Directory => _files.Directory;

    public SqliteSynchronous Synchronous => _files.Synchronous;

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        _files.InitializeDirectoryAsync("order effect store", cancellationToken);

    public Task<ApplyResult> ApplyAsync(IReadOnlyList<ProcessedOrder> batch, CancellationToken cancellationToken = default) =>
        _files.ApplyBatchAsync(batch, "applying a batch of orders", static (writer, orders) => writer.Apply(orders), cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        SumAsync("counting orders", "SELECT count(*) FROM processed_orders;", cancellationToken);

    public Task<long> DuplicatesAbsorbedAsync(CancellationToken cancellationToken = default) =>
        SumAsync("reading the duplicates counter", $"SELECT coalesce(sum(value), 0) FROM effect_counters WHERE name = '{DuplicatesCounter}';", cancellationToken);

    public Task<ProcessedOrder?> FindAsync(string orderId, CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("reading an order", async () =>
        {
            var found = await _files.ReadAllAsync(async (connection, ct) =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT {Columns} FROM processed_orders WHERE seq = ({SqliteOrderIdIndex.FindSeqSql(Table)});";
                command.Parameters.AddWithValue("$id", orderId);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    return null;
                }

                return new ProcessedOrder(
                    reader.GetString(0), reader.GetString(1), decimal.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
                    reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)), reader.GetInt32(7), reader.GetInt64(8),
                    reader.GetString(9), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)));
            }, cancellationToken).ConfigureAwait(false);
            return found.FirstOrDefault(o => o is not null);
        });

    public Task<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken = default) =>
        _files.NextOffsetAsync(partition, cancellationToken);

    public ValueTask DisposeAsync() => _files.DisposeAsync();

    private Task<long> SumAsync(string operation, string sql, CancellationToken cancellationToken) =>
        TransientFailure.GuardAsync(operation, async () =>
        {
            var values = await _files.ReadAllAsync(async (connection, ct) =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                var result = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
                return result is null or DBNull ? 0L : Convert.ToInt64(result, CultureInfo.InvariantCulture);
            }, cancellationToken).ConfigureAwait(false);
            return values.Sum();
        });

    /// <summary>The prepared statements of one partition file, and the values they hold bound.</summary>
    private sealed class Writer(SqliteConnection connection, SqliteOrderIdIndex ids) : ISqlitePartitionWriter
    {
        private readonly SqliteStatement _insert = new(connection, $"""
            INSERT INTO processed_orders ({Columns})
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11);
            """);
        private readonly SqliteStatement _addDuplicates = new(connection, $"""
            INSERT INTO effect_counters (name, value) VALUES ('{DuplicatesCounter}', ?1)
            ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
            """);
        private string? _status, _currency, _region, _replica;
        private long? _partition, _processedAt;

        public ApplyResult Apply(IReadOnlyList<ProcessedOrder> batch)
        {
            ids.BeginBatch();
            var applied = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                var order = batch[i];
                if (!ids.IsNew(order.OrderId))
                {
                    continue; // already applied, or earlier in this batch
                }

                _insert.Bind(1, order.OrderId);
                BindIfChanged(2, order.Status, ref _status);
                _insert.Bind(3, order.Total);
                BindIfChanged(4, order.Currency, ref _currency);
                _insert.Bind(5, order.CustomerId);
                BindIfChanged(6, order.Region, ref _region);
                _insert.Bind(7, order.CreatedAt.ToUnixTimeMilliseconds());
                BindIfChanged(8, order.Partition, ref _partition);
                _insert.Bind(9, order.Offset);
                BindIfChanged(10, order.ReplicaId, ref _replica);
                BindIfChanged(11, order.ProcessedAt.ToUnixTimeMilliseconds(), ref _processedAt);
                _insert.Execute();
                ids.Logged(order.OrderId, _insert.LastInsertRowId);
                applied++;
            }
            ids.EndBatch();
            var duplicates = batch.Count - applied;
            if (duplicates > 0)
            {
                _addDuplicates.Bind(1, duplicates);
                _addDuplicates.Execute();
            }
            return new ApplyResult(applied, duplicates);
        }

        public void RolledBack() => ids.Invalidate();

        public void Dispose()
        {
            ids.Dispose();
            _insert.Dispose();
            _addDuplicates.Dispose();
        }

        private void BindIfChanged(int index, string value, ref string? bound)
        {
            if (string.Equals(value, bound, StringComparison.Ordinal))
            {
                return;
            }

            bound = null; // unknown until the bind succeeds
            _insert.Bind(index, value);
            bound = value;
        }

        private void BindIfChanged(int index, long value, ref long? bound)
        {
            if (value == bound)
            {
                return;
            }

            bound = null;
            _insert.Bind(index, value);
            bound = value;
        }
    }
}
