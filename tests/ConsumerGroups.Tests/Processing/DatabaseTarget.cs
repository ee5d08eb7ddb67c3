using Npgsql;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.ConsumerGroups.Tests.Processing;

/// <summary>A fresh database for one test; every store created from it shares that database, as a group's replicas do.</summary>
public abstract class DatabaseTarget : IAsyncDisposable
{
    /// <summary>Null when the database can be used; otherwise why the test is skipped.</summary>
    public abstract string? SkipReason { get; }
    public abstract Task InitializeAsync();
    public abstract IOrderEffectStore CreateOrderStore();
    public abstract IAnalyticsStore CreateAnalyticsStore();
    public abstract ValueTask DisposeAsync();
}

/// <summary>A temporary SQLite file per test.</summary>
public sealed class SqliteTarget : DatabaseTarget
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "consumer-groups-tests", Guid.NewGuid().ToString("N"));

    public string FilePath => Path.Combine(_directory, "group.db");
    public override string? SkipReason => null;
    public override Task InitializeAsync() => Task.CompletedTask;
    public override IOrderEffectStore CreateOrderStore() => new SqliteOrderEffectStore($"Data Source={FilePath}");
    public override IAnalyticsStore CreateAnalyticsStore() => new SqliteAnalyticsStore($"Data Source={FilePath}");

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A fresh schema per test in the PostgreSQL database named by <c>ORDERS_TEST_POSTGRES</c> (a connection
/// string); skipped when the variable is not set.</summary>
public sealed class PostgresTarget : DatabaseTarget
{
    public const string Variable = "ORDERS_TEST_POSTGRES";

    private readonly string? _baseConnectionString = Environment.GetEnvironmentVariable(Variable);
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");

    public override string? SkipReason => string.IsNullOrWhiteSpace(_baseConnectionString) ? $"{Variable} is not set" : null;

    private string ConnectionString => new NpgsqlConnectionStringBuilder(_baseConnectionString) { SearchPath = _schema }.ConnectionString;

    public override async Task InitializeAsync()
    {
        if (SkipReason is not null)
            return;
        await using var connection = new NpgsqlConnection(_baseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema};", connection);
        await command.ExecuteNonQueryAsync();
    }

    public override IOrderEffectStore CreateOrderStore() => new PostgresOrderEffectStore(ConnectionString);
    public override IAnalyticsStore CreateAnalyticsStore() => new PostgresAnalyticsStore(ConnectionString);

    public override async ValueTask DisposeAsync()
    {
        if (SkipReason is not null)
            return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_baseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE;", connection);
        await command.ExecuteNonQueryAsync();
    }
}
