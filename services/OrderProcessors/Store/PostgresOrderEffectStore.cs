using Npgsql;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.OrderProcessors.Store;

/// <summary><see cref="IOrderEffectStore"/> on PostgreSQL, for replicas on several machines: shared tables whose rows
/// carry their partition, and the duplicates counter kept per partition (see <see cref="PostgresDatabase"/>). A batch
/// is ONE statement (sent with the partition's next offset: one implicit transaction, one round trip): the batch's columns as arrays through
/// <c>unnest</c>, first occurrence of each order id kept, inserted in order-id order (two replicas briefly writing the
/// same partition during a rebalance lock rows in the same order, so they cannot deadlock) with
/// <c>ON CONFLICT DO NOTHING RETURNING</c>, and the duplicates counted in the same statement.
/// <para>What it promises: an order is applied once per order id; when <see cref="ApplyAsync"/> returns, the batch is
/// committed and durable as the server makes commits durable (fsync of the WAL with the default
/// <c>synchronous_commit = on</c>).</para></summary>
public sealed class PostgresOrderEffectStore : IOrderEffectStore
{
    public const string DuplicatesCounter = "orders.duplicates_absorbed";

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

    private static readonly string ApplySql = $"""
        WITH input AS (
            SELECT DISTINCT ON (order_id) *
            FROM unnest(@id, @status, @total, @currency, @customer, @region, @created, @offset, @replica, @processed)
                WITH ORDINALITY AS t(order_id, status, total, currency, customer_id, region, created_at, kafka_offset, replica_id, processed_at, n)
            ORDER BY order_id, n
        ), inserted AS (
            INSERT INTO processed_orders ({Columns})
            SELECT order_id, status, total, currency, customer_id, region, created_at, @partition, kafka_offset, replica_id, processed_at
            FROM input ORDER BY order_id COLLATE "C"
            ON CONFLICT (order_id) DO NOTHING
            RETURNING 1
        ), counted AS (
            {PostgresDatabase.AddToCounterSql(DuplicatesCounter, "d FROM (SELECT @count - (SELECT count(*) FROM inserted) AS d) AS x WHERE d > 0")}
        )
        SELECT count(*)::integer FROM inserted;
        """;

    private readonly PostgresDatabase _database;

    public PostgresOrderEffectStore(string connectionString) => _database = new PostgresDatabase(connectionString, Schema);

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        _database.InitializeAsync("order effect store", cancellationToken);

    public Task<ApplyResult> ApplyAsync(IReadOnlyList<ProcessedOrder> batch, CancellationToken cancellationToken = default) =>
        _database.ApplyBatchAsync(batch, "applying a batch of orders", partition =>
        {
            var insert = new NpgsqlBatchCommand(ApplySql);
            var n = batch.Count;
            var ids = new string[n]; var statuses = new string[n]; var totals = new decimal[n]; var currencies = new string[n];
            var customers = new string[n]; var regions = new string[n]; var created = new DateTime[n]; var offsets = new long[n];
            var replicas = new string[n]; var processed = new DateTime[n];
            for (var i = 0; i < n; i++)
            {
                var o = batch[i];
                ids[i] = o.OrderId; statuses[i] = o.Status; totals[i] = o.Total; currencies[i] = o.Currency;
                customers[i] = o.CustomerId; regions[i] = o.Region; created[i] = o.CreatedAt.UtcDateTime; offsets[i] = o.Offset;
                replicas[i] = o.ReplicaId; processed[i] = o.ProcessedAt.UtcDateTime;
            }
            insert.Parameters.AddWithValue("id", ids);
            insert.Parameters.AddWithValue("status", statuses);
            insert.Parameters.AddWithValue("total", totals);
            insert.Parameters.AddWithValue("currency", currencies);
            insert.Parameters.AddWithValue("customer", customers);
            insert.Parameters.AddWithValue("region", regions);
            insert.Parameters.AddWithValue("created", created);
            insert.Parameters.AddWithValue("offset", offsets);
            insert.Parameters.AddWithValue("replica", replicas);
            insert.Parameters.AddWithValue("processed", processed);
            insert.Parameters.AddWithValue("partition", partition);
            insert.Parameters.AddWithValue("count", (long)n);
            return insert;
        }, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("counting orders", () => _database.ScalarAsync("SELECT count(*) FROM processed_orders;", cancellationToken));

    public Task<long> DuplicatesAbsorbedAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("reading the duplicates counter", () => _database.CounterAsync(DuplicatesCounter, cancellationToken));

    public Task<ProcessedOrder?> FindAsync(string orderId, CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("reading an order", async () =>
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"SELECT {Columns} FROM processed_orders WHERE order_id = @id;", connection);
            command.Parameters.AddWithValue("id", orderId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new ProcessedOrder(
                reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetInt32(7), reader.GetInt64(8),
                reader.GetString(9), reader.GetFieldValue<DateTimeOffset>(10));
        });

    public Task<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken = default) =>
        _database.NextOffsetAsync(partition, cancellationToken);

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
