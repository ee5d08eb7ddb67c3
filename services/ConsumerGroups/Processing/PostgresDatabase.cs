using Npgsql;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>A PostgreSQL database shared by the group's replicas: a pooled data source, and the schema created once
/// per instance under a transaction-level advisory lock (concurrent <c>CREATE TABLE IF NOT EXISTS</c> from several
/// processes can otherwise fail on the catalog's unique indexes). Tables go to the first schema of the
/// connection's search path.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private const long SchemaLockKey = 0x4F72646572734173; // "OrdersAs"

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schemaSql;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public PostgresDatabase(string connectionString, string schemaSql)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _schemaSql = schemaSql;
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
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
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey}); {_schemaSql}", connection, transaction))
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is null or DBNull ? 0 : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Adds <paramref name="delta"/> to a named counter inside the caller's transaction (locked last, after
    /// every other row of the batch, so concurrent batches lock in the same order).</summary>
    public static async Task AddToCounterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, long delta,
        CancellationToken cancellationToken)
    {
        if (delta == 0)
            return;
        await using var command = new NpgsqlCommand("""
            INSERT INTO effect_counters (name, value) VALUES (@name, @delta)
            ON CONFLICT (name) DO UPDATE SET value = effect_counters.value + excluded.value;
            """, connection, transaction);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("delta", delta);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public const string CountersSchema = """
        CREATE TABLE IF NOT EXISTS effect_counters (
            name  text PRIMARY KEY,
            value bigint NOT NULL
        );
        """;

    /// <summary>Orders sorted by id (ordinal), so concurrent transactions take row locks in the same order.</summary>
    public static List<ProcessedOrder> InLockOrder(IEnumerable<ProcessedOrder> orders) =>
        orders.OrderBy(o => o.OrderId, StringComparer.Ordinal).ToList();

    public static DateTime Utc(DateTimeOffset time) => time.UtcDateTime;

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
