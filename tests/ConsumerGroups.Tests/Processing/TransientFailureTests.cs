using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.ConsumerGroups.Tests.Processing;

public sealed class TransientFailureTests
{
    public static TheoryData<string, Exception, bool> Cases => new()
    {
        { "sqlite busy", new SqliteException("database is locked", 5), true },
        { "sqlite busy snapshot (extended)", new SqliteException("busy", 5 | (2 << 8)), true },
        { "sqlite locked", new SqliteException("table is locked", 6), true },
        { "sqlite I/O", new SqliteException("disk I/O error", 10), true },
        { "sqlite constraint", new SqliteException("CHECK constraint failed", 19), false },
        { "sqlite syntax", new SqliteException("syntax error", 1), false },
        { "postgres deadlock", new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"), true },
        { "postgres serialization", new PostgresException("could not serialize", "ERROR", "ERROR", "40001"), true },
        { "postgres admin shutdown", new PostgresException("terminating", "FATAL", "FATAL", "57P01"), true },
        { "postgres check violation", new PostgresException("violates check", "ERROR", "ERROR", "23514"), false },
        { "postgres undefined table", new PostgresException("no such table", "ERROR", "ERROR", "42P01"), false },
        { "npgsql connection lost", new NpgsqlException("Exception while reading from stream", new IOException("reset")), true },
        { "io", new IOException("disk"), true },
        { "socket", new SocketException((int)SocketError.ConnectionRefused), true },
        { "timeout", new TimeoutException(), true },
        { "wrapped transient", new InvalidOperationException("outer", new SqliteException("busy", 5)), true },
        { "our own type", new TransientStoreException("x", new Exception()), true },
        { "cancellation", new OperationCanceledException(), false },
        { "argument", new ArgumentException("bad"), false },
        { "aggregate of transients", new AggregateException(new IOException(), new TimeoutException()), true },
        { "aggregate with a permanent", new AggregateException(new IOException(), new ArgumentException()), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classifies_failures(string name, Exception exception, bool transient)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(transient, TransientFailure.IsTransient(exception));
    }

    [Fact]
    public async Task Guard_wraps_transient_failures_and_lets_others_through()
    {
        var wrapped = await Assert.ThrowsAsync<TransientStoreException>(() =>
            TransientFailure.GuardAsync<int>("applying", () => throw new SqliteException("database is locked", 5)));
        Assert.IsType<SqliteException>(wrapped.InnerException);
        Assert.StartsWith("applying failed transiently: ", wrapped.Message);

        await Assert.ThrowsAsync<SqliteException>(() =>
            TransientFailure.GuardAsync<int>("applying", () => throw new SqliteException("constraint", 19)));
        Assert.Equal(7, await TransientFailure.GuardAsync("x", () => Task.FromResult(7)));
    }
}
