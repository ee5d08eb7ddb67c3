using Npgsql;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>A PostgreSQL database shared by the group's replicas (on one machine or many): a pooled data source, and
/// the schema created once per instance under a transaction-level advisory lock (concurrent <c>CREATE TABLE IF NOT
/// EXISTS</c> from several processes can otherwise fail on the catalog's unique indexes). Tables go to the first
/// schema of the connection's search path. State is partitioned like Kafka's: rows carry their partition, and the
/// counters are kept per partition (<see cref="CountersSchema"/>), so writers of different partitions never wait
/// on the same row. A batch's effects and the partition's next offset (<see cref="NextOffsetAsync"/>) are written in
/// one transaction. Durable on commit (the server's fsync, <c>synchronous_commit = on</c> by default).</summary>
public sealed class PostgresDatabase : IAsyncDisposable
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
        {
            return;
        }

        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey}); {_schemaSql} {PositionsSchema}", connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    /// <summary>A store's start-up check: the schema exists. A failure that may pass surfaces as
    /// <see cref="TransientStoreException"/>, naming <paramref name="store"/>.</summary>
    public Task InitializeAsync(string store, CancellationToken cancellationToken) =>
        TransientFailure.GuardAsync($"initializing the {store}", async () =>
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return true;
        });

    /// <summary>A store's batch write: one partition's batch (refused when it mixes partitions) as the store's ONE
    /// statement (<paramref name="applyCommand"/>, given the partition; its scalar is the number of orders it applied,
    /// the rest are duplicates), sent with the partition's next offset in one batch: one round trip, one implicit
    /// transaction. An empty batch is a no-op.</summary>
    public Task<ApplyResult> ApplyBatchAsync(IReadOnlyList<ProcessedOrder> batch, string operation,
        Func<int, NpgsqlBatchCommand> applyCommand, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(applyCommand);
        if (batch.Count == 0)
        {
            return Task.FromResult(new ApplyResult(0, 0));
        }

        var partition = ProcessedOrder.PartitionOf(batch);
        var nextOffset = ProcessedOrder.NextOffsetAfter(batch);
        return TransientFailure.GuardAsync(operation, async () =>
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            var position = new NpgsqlBatchCommand(SavePositionSql);
            position.Parameters.AddWithValue("partition", partition);
            position.Parameters.AddWithValue("next", nextOffset);
            await using var write = new NpgsqlBatch(connection) { BatchCommands = { applyCommand(partition), position } };
            var applied = Convert.ToInt32(await write.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            return new ApplyResult(applied, batch.Count - applied);
        });
    }

    /// <summary>The offset after the last order of the partition made durable here, or null before its first batch.</summary>
    public Task<long?> NextOffsetAsync(int partition, CancellationToken cancellationToken) =>
        TransientFailure.GuardAsync("reading a partition's position", async () =>
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT next_offset FROM partition_positions WHERE kafka_partition = @partition;", connection);
            command.Parameters.AddWithValue("partition", partition);
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? (long?)null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        });

    /// <summary>Per partition, the offset after the last order made durable (written with each batch).</summary>
    private const string PositionsSchema = """
        CREATE TABLE IF NOT EXISTS partition_positions (
            kafka_partition integer PRIMARY KEY,
            next_offset     bigint NOT NULL CHECK (next_offset >= 0)
        );
        """;

    private const string SavePositionSql = """
        INSERT INTO partition_positions (kafka_partition, next_offset) VALUES (@partition, @next)
        ON CONFLICT (kafka_partition) DO UPDATE SET next_offset = excluded.next_offset;
        """;

    public async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is null or DBNull ? 0 : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Per-partition counters (duplicates absorbed), summed over partitions when read.</summary>
    public const string CountersSchema = """
        CREATE TABLE IF NOT EXISTS partition_counters (
            name            text NOT NULL,
            kafka_partition integer NOT NULL,
            value           bigint NOT NULL,
            PRIMARY KEY (name, kafka_partition)
        );
        """;

    /// <summary>SQL adding <c>@delta</c> to counter <paramref name="name"/> of partition <c>@partition</c>: use it as
    /// the last data-modifying step of a batch's single statement (<c>delta</c> may be a sub-select).</summary>
    public static string AddToCounterSql(string name, string delta) => $"""
        INSERT INTO partition_counters (name, kafka_partition, value)
        SELECT '{name}', @partition, {delta}
        ON CONFLICT (name, kafka_partition) DO UPDATE SET value = partition_counters.value + excluded.value
        """;

    /// <summary>A counter summed over every partition.</summary>
    public Task<long> CounterAsync(string name, CancellationToken cancellationToken) =>
        ScalarAsync("SELECT coalesce(sum(value), 0)::bigint FROM partition_counters WHERE name = @name;", cancellationToken, ("name", name));

    public static DateTime Utc(DateTimeOffset time) => time.UtcDateTime;

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
