using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary><see cref="IAnalyticsStore"/> on a SQLite file shared by the group's replicas (see <see cref="SqliteDatabase"/>).
/// SQLite has no exact decimal type, so revenue is kept as decimal text and added up in C# while the transaction
/// holds the write lock (BEGIN IMMEDIATE), which makes the read-modify-write safe across processes.</summary>
public sealed class SqliteAnalyticsStore : IAnalyticsStore
{
    internal const string DuplicatesCounter = "analytics.duplicates_absorbed";

    private const string Schema = SqliteDatabase.CountersSchema + """
        CREATE TABLE IF NOT EXISTS analytics_seen (
            order_id        TEXT PRIMARY KEY NOT NULL CHECK (length(order_id) BETWEEN 1 AND 64),
            kafka_partition INTEGER NOT NULL CHECK (kafka_partition >= 0),
            kafka_offset    INTEGER NOT NULL CHECK (kafka_offset >= 0),
            replica_id      TEXT NOT NULL,
            processed_at_ms INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS analytics_buckets (
            region      TEXT NOT NULL,
            minute_unix INTEGER NOT NULL,
            currency    TEXT NOT NULL CHECK (length(currency) = 3),
            orders      INTEGER NOT NULL,
            revenue     TEXT NOT NULL,
            PRIMARY KEY (region, minute_unix, currency)
        ) WITHOUT ROWID;
        """;

    private readonly SqliteDatabase _database;

    public SqliteAnalyticsStore(string connectionString) => _database = new SqliteDatabase(connectionString, Schema);

    public string DataSource => _database.DataSource;

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
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await SqliteDatabase.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);

            var fresh = await InsertSeenAsync(connection, transaction, unique, cancellationToken).ConfigureAwait(false);
            foreach (var bucket in AnalyticsBucket.Aggregate(fresh))
                await AddToBucketAsync(connection, transaction, bucket, cancellationToken).ConfigureAwait(false);

            var duplicates = batch.Count - fresh.Count;
            await SqliteDatabase.AddToCounterAsync(connection, transaction, DuplicatesCounter, duplicates, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ApplyResult(fresh.Count, duplicates);
        });

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("counting analytics orders", async () =>
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await SqliteDatabase.ScalarAsync(connection, "SELECT count(*) FROM analytics_seen;", cancellationToken).ConfigureAwait(false);
        });

    public Task<bool> ContainsAsync(string orderId, CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("looking up an analytics order", async () =>
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await SqliteDatabase.ScalarAsync(connection, "SELECT count(*) FROM analytics_seen WHERE order_id = $id;",
                cancellationToken, ("$id", orderId)).ConfigureAwait(false) > 0;
        });

    public Task<long> DuplicatesAbsorbedAsync(CancellationToken cancellationToken = default) =>
        TransientFailure.GuardAsync("reading the duplicates counter", async () =>
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await SqliteDatabase.ScalarAsync(connection, "SELECT value FROM effect_counters WHERE name = $name;",
                cancellationToken, ("$name", DuplicatesCounter)).ConfigureAwait(false);
        });

    public async Task<IReadOnlyList<RegionAggregate>> RegionTotalsAsync(CancellationToken cancellationToken = default) =>
        (await BucketsAsync(null, cancellationToken).ConfigureAwait(false))
            .GroupBy(b => (b.Region, b.Currency))
            .Select(g => new RegionAggregate(g.Key.Region, g.Key.Currency, g.Sum(b => b.Orders), g.Sum(b => b.Revenue)))
            .OrderBy(a => a.Region, StringComparer.Ordinal).ThenBy(a => a.Currency, StringComparer.Ordinal)
            .ToList();

    public async Task<IReadOnlyList<MinuteAggregate>> MinuteTotalsAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default) =>
        (await BucketsAsync(since, cancellationToken).ConfigureAwait(false))
            .GroupBy(b => (b.Minute, b.Currency))
            .Select(g => new MinuteAggregate(g.Key.Minute, g.Key.Currency, g.Sum(b => b.Orders), g.Sum(b => b.Revenue)))
            .OrderBy(a => a.Minute).ThenBy(a => a.Currency, StringComparer.Ordinal)
            .ToList();

    public async Task<IReadOnlyList<CurrencyTotal>> TotalsAsync(CancellationToken cancellationToken = default) =>
        (await BucketsAsync(null, cancellationToken).ConfigureAwait(false))
            .GroupBy(b => b.Currency)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(b => b.Orders), g.Sum(b => b.Revenue)))
            .OrderBy(a => a.Currency, StringComparer.Ordinal)
            .ToList();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task<List<ProcessedOrder>> InsertSeenAsync(SqliteConnection connection, SqliteTransaction transaction,
        IReadOnlyList<ProcessedOrder> orders, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO analytics_seen (order_id, kafka_partition, kafka_offset, replica_id, processed_at_ms)
            VALUES ($id, $partition, $offset, $replica, $processed)
            ON CONFLICT (order_id) DO NOTHING;
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var partition = insert.Parameters.Add("$partition", SqliteType.Integer);
        var offset = insert.Parameters.Add("$offset", SqliteType.Integer);
        var replica = insert.Parameters.Add("$replica", SqliteType.Text);
        var processed = insert.Parameters.Add("$processed", SqliteType.Integer);
        await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);

        var fresh = new List<ProcessedOrder>(orders.Count);
        foreach (var order in orders)
        {
            id.Value = order.OrderId;
            partition.Value = order.Partition;
            offset.Value = order.Offset;
            replica.Value = order.ReplicaId;
            processed.Value = order.ProcessedAt.ToUnixTimeMilliseconds();
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                fresh.Add(order);
        }
        return fresh;
    }

    private static async Task AddToBucketAsync(SqliteConnection connection, SqliteTransaction transaction, AnalyticsBucket bucket,
        CancellationToken cancellationToken)
    {
        var minute = bucket.Minute.ToUnixTimeSeconds();
        long orders = 0;
        decimal revenue = 0;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT orders, revenue FROM analytics_buckets WHERE region = $region AND minute_unix = $minute AND currency = $currency;";
            read.Parameters.AddWithValue("$region", bucket.Region);
            read.Parameters.AddWithValue("$minute", minute);
            read.Parameters.AddWithValue("$currency", bucket.Currency);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                orders = reader.GetInt64(0);
                revenue = decimal.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
            }
        }
        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = """
            INSERT INTO analytics_buckets (region, minute_unix, currency, orders, revenue)
            VALUES ($region, $minute, $currency, $orders, $revenue)
            ON CONFLICT (region, minute_unix, currency) DO UPDATE SET orders = excluded.orders, revenue = excluded.revenue;
            """;
        write.Parameters.AddWithValue("$region", bucket.Region);
        write.Parameters.AddWithValue("$minute", minute);
        write.Parameters.AddWithValue("$currency", bucket.Currency);
        write.Parameters.AddWithValue("$orders", orders + bucket.Orders);
        write.Parameters.AddWithValue("$revenue", (revenue + bucket.Revenue).ToString(CultureInfo.InvariantCulture));
        await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task<List<AnalyticsBucket>> BucketsAsync(DateTimeOffset? since, CancellationToken cancellationToken) =>
        TransientFailure.GuardAsync("reading analytics", async () =>
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT region, minute_unix, currency, orders, revenue FROM analytics_buckets WHERE minute_unix >= $since;";
            command.Parameters.AddWithValue("$since", since is null ? long.MinValue : AnalyticsBucket.MinuteOf(since.Value).ToUnixTimeSeconds());
            var buckets = new List<AnalyticsBucket>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                buckets.Add(new AnalyticsBucket(reader.GetString(0), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)),
                    reader.GetString(2), reader.GetInt64(3), decimal.Parse(reader.GetString(4), CultureInfo.InvariantCulture)));
            return buckets;
        });
}
