using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>Order-id dedupe for a partition file whose effects are an append-only log: why it exists, and how it stays
/// exact.
/// <para>Order ids are random (GUIDs): a B-tree keyed by them takes each insert on a random page, so a 1000-order
/// commit rewrites about a thousand pages, and the store would run at tens of thousands of orders per second. Here the
/// log table is keyed by a sequence (<c>seq INTEGER PRIMARY KEY</c>: every commit appends a few pages) and the id index
/// (<c>{log}_ids</c>) is brought up to date in bulk, sorted, every <see cref="MergeThreshold"/> orders, in the batch's
/// own transaction. The orders logged after the index's watermark (<c>{log}_indexed</c>) are kept in memory, so an id is
/// new when it is neither there nor in the index.</para>
/// <para>Exact across processes: everything runs inside the batch's write transaction (BEGIN IMMEDIATE), and when
/// another connection committed to the file since this one last looked (<c>PRAGMA data_version</c>, e.g. another
/// replica during a rebalance) or a batch was rolled back, the in-memory part is reloaded from the file first.</para>
/// Not thread-safe: used by the partition's single writer.</summary>
public sealed class SqliteOrderIdIndex : IDisposable
{
    public const int DefaultMergeThreshold = 50_000;

    private readonly SqliteStatement _dataVersion;
    private readonly SqliteStatement _watermark;
    private readonly SqliteStatement _loadPending;
    private readonly SqliteStatement _inIndex;
    private readonly SqliteStatement _merge;
    private readonly SqliteStatement _setWatermark;
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private long _indexedThrough, _loggedThrough;
    private long? _knownDataVersion;

    public SqliteOrderIdIndex(SqliteConnection connection, string logTable, int mergeThreshold = DefaultMergeThreshold)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThan(mergeThreshold, 1);
        MergeThreshold = mergeThreshold;
        _dataVersion = new(connection, "PRAGMA data_version;");
        _watermark = new(connection, $"SELECT coalesce(max(through_seq), 0) FROM {logTable}_indexed;");
        _loadPending = new(connection, $"SELECT order_id, seq FROM {logTable} WHERE seq > ?1;");
        _inIndex = new(connection, $"SELECT 1 FROM {logTable}_ids WHERE order_id = ?1;");
        _merge = new(connection, $"INSERT OR IGNORE INTO {logTable}_ids (order_id, seq) SELECT order_id, seq FROM {logTable} WHERE seq > ?1 ORDER BY order_id;");
        _setWatermark = new(connection, $"INSERT INTO {logTable}_indexed (id, through_seq) VALUES (0, ?1) ON CONFLICT (id) DO UPDATE SET through_seq = excluded.through_seq;");
    }

    /// <summary>Orders logged but not yet in the id index after which the index is brought up to date.</summary>
    public int MergeThreshold { get; }

    /// <summary>The index's tables, for a log table <paramref name="logTable"/> with <c>seq INTEGER PRIMARY KEY</c> and
    /// <c>order_id TEXT</c>.</summary>
    public static string Schema(string logTable) => $"""
        CREATE TABLE IF NOT EXISTS {logTable}_ids (
            order_id TEXT PRIMARY KEY NOT NULL,
            seq      INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS {logTable}_indexed (
            id          INTEGER PRIMARY KEY CHECK (id = 0),
            through_seq INTEGER NOT NULL
        );
        """;

    /// <summary>SQL selecting the seq of order <c>$id</c> in <paramref name="logTable"/>, indexed or not yet (for readers).</summary>
    public static string FindSeqSql(string logTable) => $"""
        SELECT seq FROM {logTable}_ids WHERE order_id = $id
        UNION ALL
        SELECT seq FROM {logTable} WHERE seq > (SELECT coalesce(max(through_seq), 0) FROM {logTable}_indexed) AND order_id = $id
        LIMIT 1
        """;

    /// <summary>Call first inside the batch's write transaction.</summary>
    public void BeginBatch()
    {
        var version = _dataVersion.QuerySingle(row => raw.sqlite3_column_int64(row, 0));
        if (version == _knownDataVersion)
        {
            return;
        }

        _indexedThrough = _watermark.QuerySingle(row => row is null ? 0 : raw.sqlite3_column_int64(row, 0));
        _loggedThrough = _indexedThrough;
        _pending.Clear();
        _loadPending.Bind(1, _indexedThrough);
        _loadPending.ReadAll(row =>
        {
            _pending.Add(raw.sqlite3_column_text(row, 0).utf8_to_string());
            _loggedThrough = Math.Max(_loggedThrough, raw.sqlite3_column_int64(row, 1));
        });
        _knownDataVersion = version;
    }

    /// <summary>Whether no order with this id is logged (nor earlier in this batch).</summary>
    public bool IsNew(string orderId)
    {
        if (_pending.Contains(orderId))
        {
            return false;
        }

        _inIndex.Bind(1, orderId);
        return !_inIndex.QuerySingle(row => row is not null);
    }

    /// <summary>Records that <paramref name="orderId"/> was just logged as <paramref name="seq"/>.</summary>
    public void Logged(string orderId, long seq)
    {
        _pending.Add(orderId);
        _loggedThrough = Math.Max(_loggedThrough, seq);
    }

    /// <summary>Call last inside the batch's transaction: merges the pending orders into the index, sorted, once there
    /// are <see cref="MergeThreshold"/> of them.</summary>
    public void EndBatch()
    {
        if (_pending.Count < MergeThreshold)
        {
            return;
        }

        _merge.Bind(1, _indexedThrough);
        _merge.Execute();
        _setWatermark.Bind(1, _loggedThrough);
        _setWatermark.Execute();
        _indexedThrough = _loggedThrough;
        _pending.Clear();
    }

    /// <summary>After a rollback: what is in memory may not be in the file; reload at the next batch.</summary>
    public void Invalidate()
    {
        _knownDataVersion = null;
        _pending.Clear();
    }

    public void Dispose()
    {
        _dataVersion.Dispose();
        _watermark.Dispose();
        _loadPending.Dispose();
        _inIndex.Dispose();
        _merge.Dispose();
        _setWatermark.Dispose();
    }

}
