using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>A group's SQLite state kept as Kafka Streams keeps a task's state store: one file per partition,
/// <c>{directory}/partition-{N}.db</c>, so replicas owning different partitions never wait for each other.
/// <para>Writes: one kept-open connection per partition file with the store's prepared statements
/// (<typeparamref name="TWriter"/>), used under a per-partition lock; each batch is ONE transaction, begun
/// IMMEDIATE (the write lock up front). During a rebalance two processes may briefly write the same file: the busy
/// timeout (the connection string's <c>Default Timeout</c>, seconds, default 30) makes one wait for the other, and the
/// stores' primary keys keep the second write idempotent; past the timeout the write fails with SQLITE_BUSY, which
/// <see cref="TransientFailure"/> reports as transient.</para>
/// <para>Durability: WAL journal with <c>synchronous = NORMAL</c> by default (a committed batch survives a crash of the
/// process; a power loss or OS crash may roll back the last committed batches) or <c>FULL</c> (survives a power loss,
/// one fsync per batch), see <see cref="SqliteSynchronous"/>.</para>
/// <para>Position: each batch's transaction also records the partition's next offset (after the batch's last order), so
/// the effects know where they stand even when the offset commit that followed them was lost (see
/// <see cref="NextOffsetAsync"/>).</para>
/// <para>Reads: short pooled connections to every partition file present (WAL: readers never block the writer).</para></summary>
public sealed class SqlitePartitionFiles<TWriter> : IAsyncDisposable where TWriter : class, ISqlitePartitionWriter
{
    private const string FilePrefix = "partition-", FileSuffix = ".db";

    /// <summary>One row: the offset after the last order this file's batches made durable.</summary>
    private const string PositionSchema = """
        CREATE TABLE IF NOT EXISTS partition_position (
            id          INTEGER PRIMARY KEY CHECK (id = 0),
            next_offset INTEGER NOT NULL CHECK (next_offset >= 0)
        );
        """;

    private readonly SqliteConnectionStringBuilder _template;
    private readonly SqliteSynchronous _synchronous;
    private readonly string _schemaSql;
    private readonly Func<SqliteConnection, TWriter> _createWriter;
    private readonly int _busyTimeoutMs;
    private readonly ConcurrentDictionary<int, Partition> _partitions = new();

    /// <param name="connectionString">A SQLite connection string whose Data Source is the group's directory.</param>
    /// <param name="schemaSql">Idempotent schema (<c>CREATE TABLE IF NOT EXISTS</c>) for each partition file.</param>
    /// <param name="createWriter">Prepares the store's statements on a partition file's write connection.</param>
    public SqlitePartitionFiles(string connectionString, SqliteSynchronous synchronous, string schemaSql,
        Func<SqliteConnection, TWriter> createWriter)
    {
        _template = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(_template.DataSource))
        {
            throw new ArgumentException("the SQLite connection string needs a Data Source (the group's directory)", nameof(connectionString));
        }

        Directory = Path.GetFullPath(_template.DataSource);
        _busyTimeoutMs = _template.DefaultTimeout * 1000;
        _synchronous = synchronous;
        _schemaSql = schemaSql;
        _createWriter = createWriter;
    }

    /// <summary>The group's directory.</summary>
    public string Directory { get; }

    public SqliteSynchronous Synchronous => _synchronous;

    public string PathOf(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        return Path.Combine(Directory, FilePrefix + partition.ToString(CultureInfo.InvariantCulture) + FileSuffix);
    }

    /// <summary>The partitions that have a file in the directory, sorted.</summary>
    public IReadOnlyList<int> PartitionsPresent()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var partitions = new List<int>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, FilePrefix + "*" + FileSuffix))
        {
            var name = Path.GetFileName(path);
            if (int.TryParse(name.AsSpan(FilePrefix.Length, name.Length - FilePrefix.Length - FileSuffix.Length),
                    NumberStyles.None, CultureInfo.InvariantCulture, out var partition))
            {
                partitions.Add(partition);
            }
        }
        partitions.Sort();
        return partitions;
    }

    /// <summary>A store's start-up check: the group's directory exists (partition files are created on first write).
    /// A failure that may pass surfaces as <see cref="TransientStoreException"/>, naming <paramref name="store"/>.</summary>
    public Task InitializeDirectoryAsync(string store, CancellationToken cancellationToken) =>
        TransientFailure.GuardAsync($"initializing the {store}", () =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            System.IO.Directory.CreateDirectory(Directory);
            return Task.FromResult(true);
        });

    /// <summary>A store's batch write: one partition's batch (refused when it mixes partitions) applied by the
    /// partition's writer in ONE transaction, together with the partition's next offset; an empty batch is a no-op.</summary>
    public Task<ApplyResult> ApplyBatchAsync(IReadOnlyList<ProcessedOrder> batch, string operation,
        Func<TWriter, IReadOnlyList<ProcessedOrder>, ApplyResult> apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(apply);
        if (batch.Count == 0)
        {
            return Task.FromResult(new ApplyResult(0, 0));
        }

        var partition = ProcessedOrder.PartitionOf(batch);
        var nextOffset = ProcessedOrder.NextOffsetAfter(batch);
        return TransientFailure.GuardAsync(operation, () => RunAsync(partition, writer =>
        {
            var result = apply(writer.Store, batch);
            writer.SavePosition.Bind(1, nextOffset);
            writer.SavePosition.Execute();
            return result;
        }, cancellationToken, transaction: true));
    }

    /// <summary>The offset after the last order the partition's file holds durably, or null when there is no file (or
    /// no batch in it yet).</summary>
    public Task<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken) =>
        TransientFailure.GuardAsync("reading a partition's position", async () =>
        {
            var path = PathOf(partition);
            if (!File.Exists(path))
            {
                return (long?)null;
            }

            await using var connection = new SqliteConnection(ReadConnectionString(path));
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT next_offset FROM partition_position WHERE id = 0;";
                var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
            }
            catch (SqliteException ex) when (IsSchemaMissing(ex))
            {
                return null;
            }
        });

    /// <summary>Creates the partition's file and schema if needed (idempotent, safe from several processes).</summary>
    public Task InitializeAsync(int partition, CancellationToken cancellationToken) =>
        RunAsync(partition, static _ => true, cancellationToken, transaction: false);

    /// <summary>Runs <paramref name="apply"/> on the partition's writer, inside ONE transaction (committed before this
    /// returns, rolled back if anything throws) unless <paramref name="transaction"/> is false.</summary>
    private async Task<T> RunAsync<T>(int partition, Func<Writer, T> apply, CancellationToken cancellationToken, bool transaction)
    {
        var state = _partitions.GetOrAdd(partition, p => new Partition(p));
        await state.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var writer = state.Writer ??= OpenWriter(partition);
            if (!transaction)
            {
                return apply(writer);
            }

            try
            {
                writer.Begin.Execute();
                var result = apply(writer);
                writer.Commit.Execute();
                return result;
            }
            catch
            {
                writer.Store.RolledBack();
                if (!TryRollback(writer))
                {
                    // The connection is in an unknown state: open a fresh one next time.
                    state.Writer = null;
                    writer.Dispose();
                }
                throw;
            }
        }
        finally
        {
            state.Lock.Release();
        }
    }

    /// <summary>Runs <paramref name="read"/> on each partition file present (a short pooled connection each) and
    /// returns the results in partition order; a file whose schema is not there yet (just created by a writer) is
    /// skipped.</summary>
    public async Task<IReadOnlyList<T>> ReadAllAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        var results = new List<T>();
        foreach (var partition in PartitionsPresent())
        {
            await using var connection = new SqliteConnection(ReadConnectionString(PathOf(partition)));
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                results.Add(await read(connection, cancellationToken).ConfigureAwait(false));
            }
            catch (SqliteException ex) when (IsSchemaMissing(ex))
            {
            }
        }
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var state in _partitions.Values)
        {
            await state.Lock.WaitAsync().ConfigureAwait(false);
            try
            {
                state.Writer?.Dispose();
                state.Writer = null;
            }
            finally
            {
                state.Lock.Release();
            }
        }
    }

    private string ReadConnectionString(string path) => new SqliteConnectionStringBuilder(_template.ConnectionString)
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWrite, // never creates a file; WAL readers need the -shm file writable
        Pooling = true,
    }.ConnectionString;

    private static bool IsSchemaMissing(SqliteException ex) =>
        ex.SqliteErrorCode == 1 && ex.Message.Contains("no such table", StringComparison.Ordinal);

    private static bool TryRollback(Writer writer)
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(writer.Connection.Handle) != 0)
        {
            return true; // no transaction open (BEGIN failed, or SQLite already rolled it back)
        }

        try
        {
            writer.Rollback.Execute();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private Writer OpenWriter(int partition)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var builder = new SqliteConnectionStringBuilder(_template.ConnectionString)
        {
            DataSource = PathOf(partition),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // kept open for the store's lifetime
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {_busyTimeoutMs};");
            Execute(connection, "PRAGMA journal_mode = WAL;");
            Execute(connection, "PRAGMA cache_size = -65536;");
            Execute(connection, _synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
            Execute(connection, "BEGIN IMMEDIATE;");
            try
            {
                Execute(connection, _schemaSql);
                Execute(connection, PositionSchema);
                Execute(connection, "COMMIT;");
            }
            catch
            {
                Execute(connection, "ROLLBACK;");
                throw;
            }
            return new Writer(connection, _createWriter(connection));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class Partition(int number)
    {
        public int Number { get; } = number;
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public Writer? Writer { get; set; }
    }

    private sealed class Writer(SqliteConnection connection, TWriter store) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;
        public TWriter Store { get; } = store;
        public SqliteStatement Begin { get; } = new(connection, "BEGIN IMMEDIATE;");
        public SqliteStatement Commit { get; } = new(connection, "COMMIT;");
        public SqliteStatement Rollback { get; } = new(connection, "ROLLBACK;");
        public SqliteStatement SavePosition { get; } = new(connection,
            "INSERT INTO partition_position (id, next_offset) VALUES (0, ?1) ON CONFLICT (id) DO UPDATE SET next_offset = excluded.next_offset;");

        public void Dispose()
        {
            Store.Dispose();
            Begin.Dispose();
            Commit.Dispose();
            Rollback.Dispose();
            SavePosition.Dispose();
            Connection.Dispose();
        }
    }
}
