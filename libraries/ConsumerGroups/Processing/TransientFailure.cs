using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>Tells failures worth retrying from those that are not.</summary>
public static class TransientFailure
{
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteIoError = 10, SqliteProtocol = 15;

    /// <summary>True for <see cref="TransientStoreException"/>, SQLite busy/locked/I-O errors, Npgsql errors it calls
    /// transient (connection failures, deadlocks, serialization failures, server shutting down), socket, I/O and
    /// timeout errors — looking through inner exceptions. Cancellation is never transient.</summary>
    public static bool IsTransient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OperationCanceledException:
                    return false;
                case TransientStoreException:
                    return true;
                case SqliteException sqlite when (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked or SqliteIoError or SqliteProtocol:
                    return true;
                case SqliteException:
                    return false;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
                case PostgresException:
                    return false;
                case IOException or SocketException or TimeoutException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 1:
                    return aggregate.InnerExceptions.All(IsTransient);
            }
        }
        return false;
    }

    /// <summary>Runs a store operation and rethrows a transient failure as <see cref="TransientStoreException"/>.</summary>
    public static async Task<T> GuardAsync<T>(string operation, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not TransientStoreException && IsTransient(ex))
        {
            throw new TransientStoreException($"{operation} failed transiently: {ex.Message}", ex);
        }
    }
}
