using Microsoft.Data.Sqlite;

namespace OrdersAspire.Testing.Stores;

/// <summary>Reads a group's SQLite store directly, with plain SQL over every <c>partition-N.db</c> in its directory,
/// as a verifier outside the service would: read-only, unpooled (no handle outlives the call), a file whose schema
/// is not there yet counts as empty.</summary>
public sealed class StoreFiles(string directory)
{
    public string Directory { get; } = directory;

    public IReadOnlyList<string> Files() =>
        System.IO.Directory.Exists(Directory)
            ? [.. System.IO.Directory.EnumerateFiles(Directory, "partition-*.db").Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The partition a file holds, from its name.</summary>
    public static int PartitionOf(string file) =>
        int.Parse(Path.GetFileNameWithoutExtension(file)["partition-".Length..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="sql"/> on every partition file and returns all rows, file after file.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> read,
        IReadOnlyDictionary<string, object>? parameters = null, CancellationToken cancellationToken = default)
    {
        var rows = new List<T>();
        foreach (var file in Files())
        {
            await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters ?? new Dictionary<string, object>())
            {
                command.Parameters.AddWithValue(name, value);
            }

            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(read(reader));
                }
            }
            catch (SqliteException ex) when (ex.Message.Contains("no such table", StringComparison.Ordinal))
            {
            }
        }
        return rows;
    }

    /// <summary>Rows of <paramref name="table"/> over all partitions.</summary>
    public async Task<long> CountAsync(string table, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT count(*) FROM {table}", r => r.GetInt64(0), cancellationToken: cancellationToken)).Sum();

    /// <summary>Every order id of <paramref name="table"/> over all partitions, sorted (ordinal).</summary>
    public async Task<IReadOnlyList<string>> OrderIdsAsync(string table, CancellationToken cancellationToken = default)
    {
        var ids = await QueryAsync($"SELECT order_id FROM {table}", r => r.GetString(0), cancellationToken: cancellationToken);
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    /// <summary>Every counter (duplicates absorbed) summed over all partitions.</summary>
    public async Task<long> CountersAsync(CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT coalesce(sum(value), 0) FROM effect_counters", r => r.GetInt64(0), cancellationToken: cancellationToken)).Sum();
}
