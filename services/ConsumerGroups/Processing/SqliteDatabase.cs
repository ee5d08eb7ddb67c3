using Microsoft.Data.Sqlite;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>One SQLite file shared by several processes: WAL journal (readers never block the writer), a busy
/// timeout so writers wait for each other instead of failing, write transactions begun IMMEDIATE (the write lock is
/// taken up front, so two writers cannot deadlock upgrading a read lock), and the schema created once per instance.
/// The wait for a lock is the connection string's <c>Default Timeout</c> (seconds, default 30); past it the
/// operation fails with SQLITE_BUSY, which the stores report as <see cref="TransientStoreException"/>.</summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _schemaSql;
    private readonly int _busyTimeoutMs;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public SqliteDatabase(string connectionString, string schemaSql)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
            throw new ArgumentException("the SQLite connection string needs a Data Source (a file path)", nameof(connectionString));
        builder.Pooling = true;
        _busyTimeoutMs = builder.DefaultTimeout * 1000;
        if (builder.Mode is SqliteOpenMode.ReadWriteCreate && builder.DataSource != ":memory:")
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
        }
        _connectionString = builder.ToString();
        _schemaSql = schemaSql;
        DataSource = builder.DataSource;
    }

    public string DataSource { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await OpenRawAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
            return;
        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
                return;
            await using var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
            await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                await ExecuteAsync(connection, _schemaSql, cancellationToken, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    /// <summary>BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default when not deferred).</summary>
    public static Task<SqliteTransaction> BeginWriteAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(connection.BeginTransaction(deferred: false));
    }

    public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken,
        SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is null or DBNull ? 0 : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Adds <paramref name="delta"/> to a named counter inside the caller's transaction.</summary>
    public static async Task AddToCounterAsync(SqliteConnection connection, SqliteTransaction transaction, string name, long delta,
        CancellationToken cancellationToken)
    {
        if (delta == 0)
            return;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO effect_counters (name, value) VALUES ($name, $delta)
            ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
            """;
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$delta", delta);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public const string CountersSchema = """
        CREATE TABLE IF NOT EXISTS effect_counters (
            name  TEXT PRIMARY KEY NOT NULL,
            value INTEGER NOT NULL
        );
        """;

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {_busyTimeoutMs};", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
