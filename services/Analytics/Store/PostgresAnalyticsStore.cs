using Npgsql;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.Analytics.Store;

/// <summary><see cref="IAnalyticsStore"/> on PostgreSQL, for replicas on several machines: shared tables whose rows
/// carry their partition (the buckets too, so writers of different partitions never wait on the same bucket row),
/// summed over partitions when read. A batch is ONE statement (sent with the partition's next offset: one implicit transaction, one round trip): the
/// batch's columns as arrays through <c>unnest</c>, the first occurrence of each order id inserted into
/// <c>analytics_seen</c> with <c>ON CONFLICT DO NOTHING RETURNING</c>, only those new orders added to their buckets
/// (numeric, exact) and the duplicates counted — rows locked in key order, so two replicas briefly writing the same
/// partition during a rebalance cannot deadlock.
/// <para>What it promises: an order counts once per order id; when <see cref="ApplyAsync"/> returns, the batch is
/// committed and durable as the server makes commits durable (fsync of the WAL with the default
/// <c>synchronous_commit = on</c>).</para></summary>
public sealed class PostgresAnalyticsStore : IAnalyticsStore
{
    public const string DuplicatesCounter = "analytics.duplicates_absorbed";

    private const string Schema = PostgresDatabase.CountersSchema + """
        CREATE TABLE IF NOT EXISTS analytics_seen (
            order_id        text PRIMARY KEY CHECK (length(order_id) BETWEEN 1 AND 64),
            kafka_partition integer NOT NULL CHECK (kafka_partition >= 0),
            kafka_offset    bigint NOT NULL CHECK (kafka_offset >= 0),
            replica_id      text NOT NULL,
            processed_at    timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS analytics_buckets (
            kafka_partition integer NOT NULL,
            region          text NOT NULL,
            minute          timestamptz NOT NULL,
            currency        text NOT NULL CHECK (length(currency) = 3),
            orders          bigint NOT NULL,
            revenue         numeric NOT NULL,
            PRIMARY KEY (kafka_partition, region, minute, currency)
        );
        """;

    private static readonly string ApplySql = $"""
        WITH input AS (
            SELECT DISTINCT ON (order_id) *
            FROM unnest(@id, @offset, @replica, @processed, @region, @minute, @currency, @total)
                WITH ORDINALITY AS t(order_id, kafka_offset, replica_id, processed_at, region, minute, currency, total, n)
            ORDER BY order_id, n
        ), inserted AS (
            INSERT INTO analytics_seen (order_id, kafka_partition, kafka_offset, replica_id, processed_at)
            SELECT order_id, @partition, kafka_offset, replica_id, processed_at FROM input ORDER BY order_id COLLATE "C"
            ON CONFLICT (order_id) DO NOTHING
            RETURNING order_id
        ), bucketed AS (
            INSERT INTO analytics_buckets (kafka_partition, region, minute, currency, orders, revenue)
            SELECT @partition, i.region, i.minute, i.currency, count(*), sum(i.total)
            FROM input i JOIN inserted USING (order_id)
            GROUP BY i.region, i.minute, i.currency
            ORDER BY i.region COLLATE "C", i.minute, i.currency COLLATE "C"
            ON CONFLICT (kafka_partition, region, minute, currency) DO UPDATE
            SET orders = analytics_buckets.orders + excluded.orders,
                revenue = analytics_buckets.revenue + excluded.revenue
        ), counted AS (
            {PostgresDatabase.AddToCounterSql(DuplicatesCounter, "d FROM (SELECT @count - (SELECT count(*) FROM inserted) AS d) AS x WHERE d > 0")}
        )
        SELECT count(*)::integer FROM inserted;
        """;

    private readonly PostgresDatabase _database;

    public PostgresAnalyticsStore(string connectionString) => _database = new PostgresDatabase(connectionString, Schema);

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        _database.InitializeAsync("analytics store", cancellationToken);

    public Task<ApplyResult> ApplyAsync(IReadOnlyList<ProcessedOrder> batch, CancellationToken cancellationToken = default) =>
        _database.ApplyBatchAsync(batch, "applying a batch to analytics", partition =>
        {
            var command = new NpgsqlBatchCommand(ApplySql);
            var n = batch.Count;
            var ids = new string[n]; var offsets = new long[n]; var replicas = new string[n]; var processed = new DateTime[n];
            var regions = new string[n]; var minutes = new DateTime[n]; var currencies = new string[n]; var totals = new decimal[n];
            for (var i = 0; i < n; i++)
            {
                var o = batch[i];
                ids[i] = o.OrderId; offsets[i] = o.Offset; replicas[i] = o.ReplicaId; processed[i] = o.ProcessedAt.UtcDateTime;
                regions[i] = o.Region; minutes[i] = AnalyticsBucket.MinuteOf(o.CreatedAt).UtcDateTime; currencies[i] = o.Currency; totals[i] = o.Total;
            }
            command.Parameters.AddWithValue("id", ids);
            command.Parameters.AddWithValue("offset", offsets);
            command.Parameters.AddWithValue("replica", replicas);
            command.Parameters.AddWithValue("processed", processed);
            command.Parameters.AddWithValue("region", regions);
            command.Parameters.AddWithValue("minute", minutes);
            command.Parameters.AddWithValue("currency", currencies);
            command.Parameters.AddWithValue("total", totals);
            command.Parameters.AddWithValue("partition", partition);
            command.Parameters.AddWithValue("count", (long)n);
            return command;
        }, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("counting analytics orders", () => _database.ScalarAsync("SELECT count(*) FROM analytics_seen;", cancellationToken));

    public Task<bool> ContainsAsync(string orderId, CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("looking up an analytics order", async () =>
            await _database.ScalarAsync("SELECT count(*) FROM analytics_seen WHERE order_id = @id;", cancellationToken, ("id", orderId)).ConfigureAwait(false) > 0);

    public Task<long> DuplicatesAbsorbedAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("reading the duplicates counter", () => _database.CounterAsync(DuplicatesCounter, cancellationToken));

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
            """, since is null ? null : AnalyticsBucket.MinuteOf(since.Value).UtcDateTime,
            r => new MinuteAggregate(r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.GetInt64(2), r.GetDecimal(3)), cancellationToken);

    public Task<IReadOnlyList<CurrencyTotal>> TotalsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("""
            SELECT currency, sum(orders)::bigint, sum(revenue) FROM analytics_buckets
            GROUP BY currency ORDER BY currency COLLATE "C";
            """, null, r => new CurrencyTotal(r.GetString(0), r.GetInt64(1), r.GetDecimal(2)), cancellationToken);

    public Task<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken = default) =>
        _database.NextOffsetAsync(partition, cancellationToken);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private Task<IReadOnlyList<T>> QueryAsync<T>(string sql, DateTime? since, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken) =>
        TransientFailure.GuardAsync("reading analytics", async () =>
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            if (sql.Contains("@since", StringComparison.Ordinal))
            {
                command.Parameters.Add(new NpgsqlParameter("since", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)since ?? DBNull.Value });
            }

            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(read(reader));
            }

            return (IReadOnlyList<T>)rows;
        });
}
