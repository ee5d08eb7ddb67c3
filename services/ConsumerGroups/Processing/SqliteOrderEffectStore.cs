using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary><see cref="IOrderEffectStore"/> on a SQLite file shared by the group's replicas (see
/// <see cref="SqliteDatabase"/>). Totals are stored as decimal text (exact); times as Unix milliseconds.</summary>
public sealed class SqliteOrderEffectStore : IOrderEffectStore
{
    internal const string DuplicatesCounter = "orders.duplicates_absorbed";

    private const string Schema = SqliteDatabase.CountersSchema + """
        CREATE TABLE IF NOT EXISTS processed_orders (
            order_id        TEXT PRIMARY KEY NOT NULL CHECK (length(order_id) BETWEEN 1 AND 64),
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
        ) WITHOUT ROWID;
        """;

    private const string Columns =
        "order_id, status, total, currency, customer_id, region, created_at_ms, kafka_partition, kafka_offset, replica_id, processed_at_ms";

    private readonly SqliteDatabase _database;

    public SqliteOrderEffectStore(string connectionString) => _database = new SqliteDatabase(connectionString, Schema);

    public string DataSource => _database.DataSource;

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("initializing the order effect store", async () =>
        {
            await _database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return true;
        });

    public Task<ApplyResult> ApplyAsync(IReadOnlyList<ProcessedOrder> batch, CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("applying a batch of orders", async () =>
        {
            var (unique, _) = ProcessedOrder.FirstOccurrences(batch);
            if (batch.Count == 0)
                return new ApplyResult(0, 0);
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await SqliteDatabase.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"""
                INSERT INTO processed_orders ({Columns})
                VALUES ($id, $status, $total, $currency, $customer, $region, $created, $partition, $offset, $replica, $processed)
                ON CONFLICT (order_id) DO NOTHING;
                """;
            var p = new[] { "$id", "$status", "$total", "$currency", "$customer", "$region", "$created", "$partition", "$offset", "$replica", "$processed" }
                .Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();
            p[6].SqliteType = p[7].SqliteType = p[8].SqliteType = p[10].SqliteType = SqliteType.Integer;
            await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);

            var applied = 0;
            foreach (var order in unique)
            {
                p[0].Value = order.OrderId;
                p[1].Value = order.Status;
                p[2].Value = order.Total.ToString(CultureInfo.InvariantCulture);
                p[3].Value = order.Currency;
                p[4].Value = order.CustomerId;
                p[5].Value = order.Region;
                p[6].Value = order.CreatedAt.ToUnixTimeMilliseconds();
                p[7].Value = order.Partition;
                p[8].Value = order.Offset;
                p[9].Value = order.ReplicaId;
                p[10].Value = order.ProcessedAt.ToUnixTimeMilliseconds();
                applied += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false); // changes(): 1 new, 0 present
            }
            var duplicates = batch.Count - applied;
            await SqliteDatabase.AddToCounterAsync(connection, transaction, DuplicatesCounter, duplicates, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ApplyResult(applied, duplicates);
        });

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        ScalarAsync("counting orders", "SELECT count(*) FROM processed_orders;", cancellationToken);

    public Task<long> DuplicatesAbsorbedAsync(CancellationToken cancellationToken = default) =>
        ScalarAsync("reading the duplicates counter", $"SELECT value FROM effect_counters WHERE name = '{DuplicatesCounter}';", cancellationToken);

    public Task<IReadOnlyList<string>> OrderIdsAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("listing order ids", async () =>
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT order_id FROM processed_orders;";
            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                ids.Add(reader.GetString(0));
            ids.Sort(StringComparer.Ordinal);
            return (IReadOnlyList<string>)ids;
        });

    public Task<ProcessedOrder?> FindAsync(string orderId, CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("reading an order", async () =>
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM processed_orders WHERE order_id = $id;";
            command.Parameters.AddWithValue("$id", orderId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;
            return new ProcessedOrder(
                reader.GetString(0), reader.GetString(1), decimal.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
                reader.GetString(3), reader.GetString(4), reader.GetString(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)), reader.GetInt32(7), reader.GetInt64(8),
                reader.GetString(9), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)));
        });

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task<long> ScalarAsync(string operation, string sql, CancellationToken cancellationToken) =>
        TransientFailure.GuardAsync(operation, async () =>
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await SqliteDatabase.ScalarAsync(connection, sql, cancellationToken).ConfigureAwait(false);
        });
}
