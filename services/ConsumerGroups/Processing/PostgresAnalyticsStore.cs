using Npgsql;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary><see cref="IAnalyticsStore"/> on PostgreSQL: dedupe rows inserted with <c>ON CONFLICT DO NOTHING
/// RETURNING order_id</c>, then the buckets of the new orders added with one upsert (numeric, exact), then the
/// duplicates counter — one transaction, rows locked in key order so concurrent replicas cannot deadlock.</summary>
public sealed class PostgresAnalyticsStore : IAnalyticsStore
{
    internal const string DuplicatesCounter = "analytics.duplicates_absorbed";

    private const string Schema = PostgresDatabase.CountersSchema + """
        CREATE TABLE IF NOT EXISTS analytics_seen (
            order_id        text PRIMARY KEY CHECK (length(order_id) BETWEEN 1 AND 64),
            kafka_partition integer NOT NULL CHECK (kafka_partition >= 0),
            kafka_offset    bigint NOT NULL CHECK (kafka_offset >= 0),
            replica_id      text NOT NULL,
            processed_at    timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS analytics_buckets (
            region   text NOT NULL,
            minute   timestamptz NOT NULL,
            currency text NOT NULL CHECK (length(currency) = 3),
            orders   bigint NOT NULL,
            revenue  numeric NOT NULL,
            PRIMARY KEY (region, minute, currency)
        );
        """;

    private readonly PostgresDatabase _database;

    public PostgresAnalyticsStore(string connectionString) => _database = new PostgresDatabase(connectionString, Schema);

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("initializing the analytics store", async () =>
        {
            await _database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return true;
        });

    public Task<ApplyResult> ApplyAsync(IReadOnlyList<ProcessedOrder> batch, CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("applying a batch to analytics", async () =>
        {
            var (unique, _) = ProcessedOrder.FirstOccurrences(batch);
            if (batch.Count == 0)
                return new ApplyResult(0, 0);
            var rows = PostgresDatabase.InLockOrder(unique);
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            var freshIds = new HashSet<string>(StringComparer.Ordinal);
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO analytics_seen (order_id, kafka_partition, kafka_offset, replica_id, processed_at)
                SELECT order_id, kafka_partition, kafka_offset, replica_id, processed_at
                FROM unnest(@id, @partition, @offset, @replica, @processed)
                    WITH ORDINALITY AS t(order_id, kafka_partition, kafka_offset, replica_id, processed_at, n)
                ORDER BY n
                ON CONFLICT (order_id) DO NOTHING
                RETURNING order_id;
                """, connection, transaction))
            {
                insert.Parameters.AddWithValue("id", rows.Select(o => o.OrderId).ToArray());
                insert.Parameters.AddWithValue("partition", rows.Select(o => o.Partition).ToArray());
                insert.Parameters.AddWithValue("offset", rows.Select(o => o.Offset).ToArray());
                insert.Parameters.AddWithValue("replica", rows.Select(o => o.ReplicaId).ToArray());
                insert.Parameters.AddWithValue("processed", rows.Select(o => PostgresDatabase.Utc(o.ProcessedAt)).ToArray());
                await using var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    freshIds.Add(reader.GetString(0));
            }

            var buckets = AnalyticsBucket.Aggregate(rows.Where(o => freshIds.Contains(o.OrderId)));
            if (buckets.Count > 0)
            {
                await using var upsert = new NpgsqlCommand("""
                    INSERT INTO analytics_buckets (region, minute, currency, orders, revenue)
                    SELECT region, minute, currency, orders, revenue
                    FROM unnest(@region, @minute, @currency, @orders, @revenue)
                        WITH ORDINALITY AS t(region, minute, currency, orders, revenue, n)
                    ORDER BY n
                    ON CONFLICT (region, minute, currency) DO UPDATE
                    SET orders = analytics_buckets.orders + excluded.orders,
                        revenue = analytics_buckets.revenue + excluded.revenue;
                    """, connection, transaction);
                upsert.Parameters.AddWithValue("region", buckets.Select(b => b.Region).ToArray());
                upsert.Parameters.AddWithValue("minute", buckets.Select(b => PostgresDatabase.Utc(b.Minute)).ToArray());
                upsert.Parameters.AddWithValue("currency", buckets.Select(b => b.Currency).ToArray());
                upsert.Parameters.AddWithValue("orders", buckets.Select(b => b.Orders).ToArray());
                upsert.Parameters.AddWithValue("revenue", buckets.Select(b => b.Revenue).ToArray());
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var duplicates = batch.Count - freshIds.Count;
            await PostgresDatabase.AddToCounterAsync(connection, transaction, DuplicatesCounter, duplicates, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ApplyResult(freshIds.Count, duplicates);
        });

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("counting analytics orders", () => _database.ScalarAsync("SELECT count(*) FROM analytics_seen;", cancellationToken));

    public Task<bool> ContainsAsync(string orderId, CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("looking up an analytics order", async () =>
            await _database.ScalarAsync("SELECT count(*) FROM analytics_seen WHERE order_id = @id;", cancellationToken, ("id", orderId)).ConfigureAwait(false) > 0);

    public Task<long> DuplicatesAbsorbedAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("reading the duplicates counter", () =>
            _database.ScalarAsync("SELECT value FROM effect_counters WHERE name = @name;", cancellationToken, ("name", DuplicatesCounter)));

    public Task<IReadOnlyList<RegionAggregate>> RegionTotalsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("""
            SELECT region, currency, sum(orders)::bigint, sum(revenue) FROM analytics_buckets
            GROUP BY region, currency ORDER BY region COLLATE "C", currency COLLATE "C";
            """, null, r => new RegionAggregate(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetDecimal(3)), cancellationToken);

    public Task<IReadOnlyList<MinuteAggregate>> MinuteTotalsAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default) =>
        QueryAsync("""
            SELECT minute, currency, sum(orders)::bigint, sum(revenue) FROM analytics_buckets
            WHERE @since::timestamptz IS NULL OR minute >= @since
            GROUP BY minute, currency ORDER BY minute, currency COLLATE "C";
            """, since is null ? null : PostgresDatabase.Utc(AnalyticsBucket.MinuteOf(since.Value)),
            r => new MinuteAggregate(r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.GetInt64(2), r.GetDecimal(3)), cancellationToken);

    public Task<IReadOnlyList<CurrencyTotal>> TotalsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("""
            SELECT currency, sum(orders)::bigint, sum(revenue) FROM analytics_buckets
            GROUP BY currency ORDER BY currency COLLATE "C";
            """, null, r => new CurrencyTotal(r.GetString(0), r.GetInt64(1), r.GetDecimal(2)), cancellationToken);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private Task<IReadOnlyList<T>> QueryAsync<T>(string sql, DateTime? since, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken) =>
        TransientFailure.GuardAsync("reading analytics", async () =>
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            if (sql.Contains("@since", StringComparison.Ordinal))
                command.Parameters.Add(new NpgsqlParameter("since", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)since ?? DBNull.Value });
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                rows.Add(read(reader));
            return (IReadOnlyList<T>)rows;
        });
}
