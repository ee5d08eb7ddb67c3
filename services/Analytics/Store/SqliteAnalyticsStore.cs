using System.Globalization;
using Microsoft.Data.Sqlite;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.Analytics.Store;

/// <summary><see cref="IAnalyticsStore"/> on SQLite, one file per partition in the group's directory (see
/// <see cref="SqlitePartitionFiles{TWriter}"/>), each holding <c>analytics_seen</c> (one row per order id: the dedupe
/// record, appended, with the exact and cheap dedupe of <see cref="SqliteOrderIdIndex"/>) and <c>analytics_buckets</c>
/// (orders and revenue per region, minute and currency). A batch is ONE transaction on its partition's kept-open
/// connection: each new order recorded, only the new ones added up in memory per bucket, then one upsert per touched
/// bucket. SQLite has no exact decimal
/// type: revenue is decimal text, added in C# through a SQL function the writer connection registers.
/// <para>What it promises: an order counts once per order id; when <see cref="ApplyAsync"/> returns, the batch is
/// committed in WAL mode. With the default <c>Synchronous=Normal</c> a committed batch survives a crash of the process
/// (kill -9) but an OS crash or power loss may roll back the last committed batches; <c>Synchronous=Full</c> in
/// <c>ConnectionStrings:effects</c> syncs every commit, so it survives a power loss too.</para></summary>
public sealed class SqliteAnalyticsStore : IAnalyticsStore
{
    public const string DuplicatesCounter = "analytics.duplicates_absorbed";

    private const string SeenTable = "analytics_seen";

    private static readonly string Schema = """
        CREATE TABLE IF NOT EXISTS effect_counters (
            name  TEXT PRIMARY KEY NOT NULL,
            value INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS analytics_seen (
            seq             INTEGER PRIMARY KEY,
            order_id        TEXT NOT NULL CHECK (length(order_id) BETWEEN 1 AND 64),
            kafka_partition INTEGER NOT NULL CHECK (kafka_partition >= 0),
            kafka_offset    INTEGER NOT NULL CHECK (kafka_offset >= 0),
            replica_id      TEXT NOT NULL,
            processed_at_ms INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS analytics_buckets (
            region      TEXT NOT NULL,
            minute_unix INTEGER NOT NULL,
            currency    TEXT NOT NULL CHECK (length(currency) = 3),
            orders      INTEGER NOT NULL,
            revenue     TEXT NOT NULL,
            PRIMARY KEY (region, minute_unix, currency)
        ) WITHOUT ROWID;
        """ + SqliteOrderIdIndex.Schema(SeenTable);

    private readonly SqlitePartitionFiles<Writer> _files;

    /// <param name="mergeThreshold">Orders recorded before the id index is brought up to date (see
    /// <see cref="SqliteOrderIdIndex"/>).</param>
    public SqliteAnalyticsStore(string connectionString, SqliteSynchronous synchronous = SqliteSynchronous.Normal,
        int mergeThreshold = SqliteOrderIdIndex.DefaultMergeThreshold) =>
        _files = new SqlitePartitionFiles<Writer>(connectionString, synchronous, Schema,
            connection => new Writer(connection, new SqliteOrderIdIndex(connection, SeenTable, mergeThreshold)));

    /// <summary>The group's directory (one <c>partition-N.db</c> per partition).</summary>
    public string Directory => _files.Directory;

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        _files.InitializeDirectoryAsync("analytics store", cancellationToken);

    public Task<ApplyResult> ApplyAsync(IReadOnlyList<ProcessedOrder> batch, CancellationToken cancellationToken = default) =>
        _files.ApplyBatchAsync(batch, "applying a batch to analytics", static (writer, orders) => writer.Apply(orders), cancellationToken);

    public async Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        (await ScalarsAsync("counting analytics orders", "SELECT count(*) FROM analytics_seen;", null, cancellationToken).ConfigureAwait(false)).Sum();

    public async Task<bool> ContainsAsync(string orderId, CancellationToken cancellationToken = default) =>
        (await ScalarsAsync("looking up an analytics order", $"SELECT count(*) FROM ({SqliteOrderIdIndex.FindSeqSql(SeenTable)});", orderId, cancellationToken)
            .ConfigureAwait(false)).Any(n => n > 0);

    public async Task<long> DuplicatesAbsorbedAsync(CancellationToken cancellationToken = default) =>
        (await ScalarsAsync("reading the duplicates counter", $"SELECT coalesce(sum(value), 0) FROM effect_counters WHERE name = '{DuplicatesCounter}';",
            null, cancellationToken).ConfigureAwait(false)).Sum();

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

    public Task<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken = default) =>
        _files.NextOffsetAsync(partition, cancellationToken);

    public ValueTask DisposeAsync() => _files.DisposeAsync();

    private Task<IReadOnlyList<long>> ScalarsAsync(string operation, string sql, string? orderId, CancellationToken cancellationToken) =>
        TransientFailure.GuardAsync(operation, () => _files.ReadAllAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            if (orderId is not null)
            {
                command.Parameters.AddWithValue("$id", orderId);
            }

            var result = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return result is null or DBNull ? 0L : Convert.ToInt64(result, CultureInfo.InvariantCulture);
        }, cancellationToken));

    /// <summary>Every partition's buckets (from <paramref name="since"/>'s minute on when given), not yet summed.</summary>
    private Task<List<AnalyticsBucket>> BucketsAsync(DateTimeOffset? since, CancellationToken cancellationToken) =>
        TransientFailure.GuardAsync("reading analytics", async () =>
        {
            var perPartition = await _files.ReadAllAsync(async (connection, ct) =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT region, minute_unix, currency, orders, revenue FROM analytics_buckets WHERE minute_unix >= $since;";
                command.Parameters.AddWithValue("$since", since is null ? long.MinValue : AnalyticsBucket.MinuteOf(since.Value).ToUnixTimeSeconds());
                var buckets = new List<AnalyticsBucket>();
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    buckets.Add(new AnalyticsBucket(reader.GetString(0), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)),
                        reader.GetString(2), reader.GetInt64(3), decimal.Parse(reader.GetString(4), CultureInfo.InvariantCulture)));
                }

                return buckets;
            }, cancellationToken).ConfigureAwait(false);
            return perPartition.SelectMany(b => b).ToList();
        });

    /// <summary>The prepared statements of one partition file.</summary>
    private sealed class Writer : ISqlitePartitionWriter
    {
        private const string DecimalAdd = "orders_decimal_add";

        private readonly SqliteStatement _insertSeen;
        private readonly SqliteStatement _addToBucket;
        private readonly SqliteStatement _addDuplicates;
        private readonly SqliteOrderIdIndex _ids;

        public Writer(SqliteConnection connection, SqliteOrderIdIndex ids)
        {
            _ids = ids;
            // Exact decimal addition for the revenue upsert (SQLite would add REAL).
            connection.CreateFunction(DecimalAdd, (string current, string delta) =>
                (decimal.Parse(current, CultureInfo.InvariantCulture) + decimal.Parse(delta, CultureInfo.InvariantCulture))
                    .ToString(CultureInfo.InvariantCulture), isDeterministic: true);
            _insertSeen = new(connection, """
                INSERT INTO analytics_seen (order_id, kafka_partition, kafka_offset, replica_id, processed_at_ms)
                VALUES (?1, ?2, ?3, ?4, ?5);
                """);
            _addToBucket = new(connection, $"""
                INSERT INTO analytics_buckets (region, minute_unix, currency, orders, revenue)
                VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (region, minute_unix, currency) DO UPDATE
                SET orders = orders + excluded.orders, revenue = {DecimalAdd}(revenue, excluded.revenue);
                """);
            _addDuplicates = new(connection, $"""
                INSERT INTO effect_counters (name, value) VALUES ('{DuplicatesCounter}', ?1)
                ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
                """);
        }

        public ApplyResult Apply(IReadOnlyList<ProcessedOrder> batch)
        {
            _ids.BeginBatch();
            var fresh = new List<ProcessedOrder>(batch.Count);
            foreach (var order in batch)
            {
                if (!_ids.IsNew(order.OrderId))
                {
                    continue; // already counted, or earlier in this batch
                }

                _insertSeen.Bind(1, order.OrderId);
                _insertSeen.Bind(2, order.Partition);
                _insertSeen.Bind(3, order.Offset);
                _insertSeen.Bind(4, order.ReplicaId);
                _insertSeen.Bind(5, order.ProcessedAt.ToUnixTimeMilliseconds());
                _insertSeen.Execute();
                _ids.Logged(order.OrderId, _insertSeen.LastInsertRowId);
                fresh.Add(order);
            }
            _ids.EndBatch();
            foreach (var bucket in AnalyticsBucket.Aggregate(fresh))
            {
                _addToBucket.Bind(1, bucket.Region);
                _addToBucket.Bind(2, bucket.Minute.ToUnixTimeSeconds());
                _addToBucket.Bind(3, bucket.Currency);
                _addToBucket.Bind(4, bucket.Orders);
                _addToBucket.Bind(5, bucket.Revenue);
                _addToBucket.Execute();
            }
            var duplicates = batch.Count - fresh.Count;
            if (duplicates > 0)
            {
                _addDuplicates.Bind(1, duplicates);
                _addDuplicates.Execute();
            }
            return new ApplyResult(fresh.Count, duplicates);
        }

        public void RolledBack() => _ids.Invalidate();

        public void Dispose()
        {
            _ids.Dispose();
            _insertSeen.Dispose();
            _addToBucket.Dispose();
            _addDuplicates.Dispose();
        }
    }
}
