using Npgsql;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary><see cref="IOrderEffectStore"/> on PostgreSQL: one multi-row <c>INSERT … ON CONFLICT DO NOTHING
/// RETURNING order_id</c> per batch (rows in order-id order, so overlapping batches of two replicas cannot
/// deadlock), and the duplicates counter, in one transaction.</summary>
public sealed class PostgresOrderEffectStore : IOrderEffectStore
{
    internal const string DuplicatesCounter = "orders.duplicates_absorbed";

    private const string Schema = PostgresDatabase.CountersSchema + """
        CREATE TABLE IF NOT EXISTS processed_orders (
            order_id        text PRIMARY KEY CHECK (length(order_id) BETWEEN 1 AND 64),
            status          text NOT NULL,
            total           numeric NOT NULL,
            currency        text NOT NULL CHECK (length(currency) = 3),
            customer_id     text NOT NULL,
            region          text NOT NULL,
            created_at      timestamptz NOT NULL,
            kafka_partition integer NOT NULL CHECK (kafka_partition >= 0),
            kafka_offset    bigint NOT NULL CHECK (kafka_offset >= 0),
            replica_id      text NOT NULL,
            processed_at    timestamptz NOT NULL
        );
        """;

    private const string Columns =
        "order_id, status, total, currency, customer_id, region, created_at, kafka_partition, kafka_offset, replica_id, processed_at";

    private readonly PostgresDatabase _database;

    public PostgresOrderEffectStore(string connectionString) => _database = new PostgresDatabase(connectionString, Schema);

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
            var rows = PostgresDatabase.InLockOrder(unique);
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var insert = new NpgsqlCommand($"""
                INSERT INTO processed_orders ({Columns})
                SELECT {Columns}
                FROM unnest(@id, @status, @total, @currency, @customer, @region, @created, @partition, @offset, @replica, @processed)
                    WITH ORDINALITY AS t({Columns}, n)
                ORDER BY n
                ON CONFLICT (order_id) DO NOTHING
                RETURNING order_id;
                """, connection, transaction);
            insert.Parameters.AddWithValue("id", rows.Select(o => o.OrderId).ToArray());
            insert.Parameters.AddWithValue("status", rows.Select(o => o.Status).ToArray());
            insert.Parameters.AddWithValue("total", rows.Select(o => o.Total).ToArray());
            insert.Parameters.AddWithValue("currency", rows.Select(o => o.Currency).ToArray());
            insert.Parameters.AddWithValue("customer", rows.Select(o => o.CustomerId).ToArray());
            insert.Parameters.AddWithValue("region", rows.Select(o => o.Region).ToArray());
            insert.Parameters.AddWithValue("created", rows.Select(o => PostgresDatabase.Utc(o.CreatedAt)).ToArray());
            insert.Parameters.AddWithValue("partition", rows.Select(o => o.Partition).ToArray());
            insert.Parameters.AddWithValue("offset", rows.Select(o => o.Offset).ToArray());
            insert.Parameters.AddWithValue("replica", rows.Select(o => o.ReplicaId).ToArray());
            insert.Parameters.AddWithValue("processed", rows.Select(o => PostgresDatabase.Utc(o.ProcessedAt)).ToArray());
            var applied = 0;
            await using (var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    applied++;

            var duplicates = batch.Count - applied;
            await PostgresDatabase.AddToCounterAsync(connection, transaction, DuplicatesCounter, duplicates, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ApplyResult(applied, duplicates);
        });

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("counting orders", () => _database.ScalarAsync("SELECT count(*) FROM processed_orders;", cancellationToken));

    public Task<long> DuplicatesAbsorbedAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("reading the duplicates counter", () =>
            _database.ScalarAsync("SELECT value FROM effect_counters WHERE name = @name;", cancellationToken, ("name", DuplicatesCounter)));

    public Task<IReadOnlyList<string>> OrderIdsAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("listing order ids", async () =>
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT order_id FROM processed_orders;", connection);
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
            await using var command = new NpgsqlCommand($"SELECT {Columns} FROM processed_orders WHERE order_id = @id;", connection);
            command.Parameters.AddWithValue("id", orderId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;
            return new ProcessedOrder(
                reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetInt32(7), reader.GetInt64(8),
                reader.GetString(9), reader.GetFieldValue<DateTimeOffset>(10));
        });

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
