using Microsoft.Data.Sqlite;

namespace OrdersAspire.Bench.Rebalancing;

/// <summary>Reads the effect store the order-processors replicas write (one SQLite file per partition,
/// <c>partition-N.db</c> in the group's directory; rows: partition, replica, processed_at_ms): which partitions are
/// being processed, by whom, and the gaps in between.</summary>
public sealed class ProcessingLog(string storeDirectory, int partitions)
{
    private IEnumerable<SqliteConnection> OpenAll()
    {
        if (!Directory.Exists(storeDirectory))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(storeDirectory, "partition-*.db").Order(StringComparer.Ordinal))
        {
            // ReadWrite, not ReadOnly: a WAL reader needs the -shm file writable; it never creates a file.
            var connection = new SqliteConnection($"Data Source={file};Mode=ReadWrite;Pooling=False");
            connection.Open();
            yield return connection;
        }
    }

    /// <summary>Partition → replica of the rows processed after <paramref name="sinceMs"/>; empty while no schema exists.</summary>
    public IReadOnlyList<(int Partition, string Replica)> ActiveSince(long sinceMs)
    {
        var rows = new List<(int, string)>();
        try
        {
            foreach (var connection in OpenAll())
            {
                using (connection)
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = "SELECT DISTINCT kafka_partition, replica_id FROM processed_orders WHERE processed_at_ms > $since";
                    command.Parameters.AddWithValue("$since", sinceMs);
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        rows.Add((reader.GetInt32(0), reader.GetString(1)));
                    }
                }
            }
        }
        catch (SqliteException)
        {
            // A partition file just created (schema not there yet), or a writer holding an exclusive lock for a moment.
        }
        return rows;
    }

    /// <summary>True when, over the last second, every partition was processed after <paramref name="afterMs"/> and
    /// exactly the <paramref name="live"/> replicas processed something.</summary>
    public bool Settled(IReadOnlyCollection<string> live, long afterMs)
    {
        var since = Math.Max(afterMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000);
        var rows = ActiveSince(since);
        var partitionsSeen = rows.Select(r => r.Partition).Distinct().Count();
        var replicas = rows.Select(r => r.Replica).ToHashSet(StringComparer.Ordinal);
        return partitionsSeen == partitions && replicas.SetEquals(live);
    }

    /// <summary>The longest gap between consecutive processed rows of one partition that ends after <paramref name="eventMs"/>,
    /// within [<paramref name="fromMs"/>, <paramref name="toMs"/>].</summary>
    public (double Seconds, int Partition) LongestGap(long fromMs, long eventMs, long toMs)
    {
        long longest = 0;
        var longestPartition = -1;
        foreach (var connection in OpenAll())
        {
            using (connection)
            {
                using var command = connection.CreateCommand();
                command.CommandText = """
                    SELECT kafka_partition, processed_at_ms FROM processed_orders
                    WHERE processed_at_ms BETWEEN $from AND $to ORDER BY kafka_partition, processed_at_ms
                    """;
                command.Parameters.AddWithValue("$from", fromMs);
                command.Parameters.AddWithValue("$to", toMs);
                using var reader = command.ExecuteReader();
                var partition = -1;
                long previous = 0;
                while (reader.Read())
                {
                    var p = reader.GetInt32(0);
                    var at = reader.GetInt64(1);
                    if (p == partition && at >= eventMs && at - previous > longest)
                    {
                        longest = at - previous;
                        longestPartition = p;
                    }
                    partition = p;
                    previous = at;
                }
            }
        }
        return (longest / 1000.0, longestPartition);
    }
}
