using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrdersAspire.Testing.Stores;

/// <summary>A fresh database for one test; every store created on it shares it, as a group's replicas do.</summary>
public abstract class StoreDatabase : IAsyncDisposable
{
    /// <summary>Null when the database can be used; otherwise why the test is skipped.</summary>
    public abstract string? SkipReason { get; }

    /// <summary>The string to give a store (what <c>ConnectionStrings:effects</c> resolves to).</summary>
    public abstract string ConnectionString { get; }

    public abstract Task InitializeAsync();
    public abstract ValueTask DisposeAsync();
}

/// <summary>A temporary SQLite store directory per test (one file per partition inside).</summary>
public sealed class SqliteStoreDatabase : StoreDatabase
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "orders-store-tests", Guid.NewGuid().ToString("N"));

    public override string? SkipReason => null;
    public override string ConnectionString => $"Data Source={Directory}";
    public StoreFiles Files => new(Directory);
    public override Task InitializeAsync() => Task.CompletedTask;

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A fresh schema per test in the PostgreSQL database named by <c>ORDERS_TEST_POSTGRES</c> (a connection
/// string); skipped when the variable is not set.</summary>
public sealed class PostgresStoreDatabase : StoreDatabase
{
    public const string Variable = "ORDERS_TEST_POSTGRES";

    private readonly string? _baseConnectionString = Environment.GetEnvironmentVariable(Variable);
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");

    public override string? SkipReason => string.IsNullOrWhiteSpace(_baseConnectionString) ? $"{Variable} is not set" : null;

    public override string ConnectionString => new NpgsqlConnectionStringBuilder(_baseConnectionString) { SearchPath = _schema }.ConnectionString;

    public override async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(_baseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema};", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs <paramref name="sql"/> in this test's schema and returns its rows.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public override async ValueTask DisposeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_baseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE;", connection);
        await command.ExecuteNonQueryAsync();
    }
}
