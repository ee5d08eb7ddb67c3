using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>A statement prepared once on a kept-open connection and run many times through SQLitePCL.raw: no
/// parameter objects, strings encoded to UTF-8 on the stack. Values bound stay bound across runs, so a value that is
/// the same for a whole batch (partition, replica, time) is bound once. Not thread-safe: one writer at a time.</summary>
public sealed class SqliteStatement : IDisposable
{
    private const int StackLimit = 256;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            var length = Encoding.UTF8.GetBytes(value, buffer);
            Check(raw.sqlite3_bind_text(_statement, index, buffer[..length]));
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(value, rented);
            Check(raw.sqlite3_bind_text(_statement, index, rented.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Binds a decimal as its exact invariant text (SQLite has no decimal type).</summary>
    public void Bind(int index, decimal value)
    {
        Span<byte> buffer = stackalloc byte[64];
        if (!value.TryFormat(buffer, out var length, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("a decimal did not fit its text buffer");
        }

        Check(raw.sqlite3_bind_text(_statement, index, buffer[..length]));
    }

    /// <summary>Runs the statement to completion and returns the rows it changed (1 inserted, 0 ignored by
    /// <c>ON CONFLICT DO NOTHING</c>); the statement is reset for the next run either way.</summary>
    public int Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs a statement that returns at most one row; <paramref name="read"/> sees it (null when none).</summary>
    public T QuerySingle<T>(Func<sqlite3_stmt?, T> read)
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW)
            {
                return read(_statement);
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return read(null);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs a query and hands each row to <paramref name="read"/>.</summary>
    public void ReadAll(Action<sqlite3_stmt> read)
    {
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
                read(_statement);
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>The rowid of the last row this connection inserted.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
