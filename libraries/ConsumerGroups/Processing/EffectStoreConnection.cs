using System.Data.Common;
using System.Globalization;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>Which database holds a group's effects, from <c>ConnectionStrings:effects</c>:
/// <list type="bullet">
/// <item>absent or empty → SQLite, one file per partition in the directory <c>.data/{groupId}/</c> under the base
///   (content root) directory;</item>
/// <item><c>Provider=postgres</c> (or <c>postgresql</c>, <c>npgsql</c>) or <c>Provider=sqlite</c> decides explicitly
///   (the Provider option is removed before the string reaches the driver);</item>
/// <item>otherwise a <c>Host=</c> or <c>Server=</c> option means PostgreSQL (Npgsql's form, which Aspire's PostgreSQL
///   resource produces), anything else SQLite, whose <c>Data Source</c> names the group's DIRECTORY
///   (<c>Data Source=/var/lib/orders/order-processors</c>: <c>partition-0.db</c>, <c>partition-1.db</c>, … inside).</item>
/// </list>
/// A relative SQLite directory is made absolute against the base directory. SQLite also takes our own option
/// <c>Synchronous=Normal</c> (default: a committed batch survives a process crash, a power loss may roll back the
/// last ones) or <c>Synchronous=Full</c> (survives a power loss too, one fsync per batch); it is removed before the
/// string reaches the driver.</summary>
public sealed record EffectStoreConnection(EffectStoreProvider Provider, string ConnectionString,
    SqliteSynchronous Synchronous = SqliteSynchronous.Normal)
{
    public const string ConnectionStringName = "effects";
    public const string ConfigurationKey = "ConnectionStrings:" + ConnectionStringName;
    public const string SynchronousOption = "Synchronous";

    public static readonly IReadOnlyList<string> PostgresProviderNames = ["postgres", "postgresql", "npgsql"];

    /// <summary>The group's default SQLite directory: <c>{baseDirectory}/.data/{groupId}</c>.</summary>
    public static string DefaultDirectory(string groupId, string baseDirectory) =>
        Path.GetFullPath(Path.Combine(".data", groupId), baseDirectory);

    public static EffectStoreConnection Resolve(string? configured, string groupId, string baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(groupId))
        {
            throw new ArgumentException("a group id is needed to name the default store directory", nameof(groupId));
        }

        if (string.IsNullOrWhiteSpace(configured))
        {
            return new(EffectStoreProvider.Sqlite, $"Data Source={DefaultDirectory(groupId, baseDirectory)}");
        }

        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = configured;
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{ConfigurationKey} is not a valid connection string: {ex.Message}", ex);
        }

        EffectStoreProvider provider;
        if (builder.TryGetValue("Provider", out var named))
        {
            var name = Convert.ToString(named, CultureInfo.InvariantCulture)?.Trim().ToLowerInvariant();
            provider = name == "sqlite" ? EffectStoreProvider.Sqlite
                : PostgresProviderNames.Contains(name) ? EffectStoreProvider.Postgres
                : throw new InvalidOperationException(
                    $"{ConfigurationKey}: Provider = '{named}' is not valid; allowed: sqlite, {string.Join(", ", PostgresProviderNames)}");
            builder.Remove("Provider");
        }
        else
        {
            provider = builder.ContainsKey("Host") || builder.ContainsKey("Server") ? EffectStoreProvider.Postgres : EffectStoreProvider.Sqlite;
        }

        var synchronous = SqliteSynchronous.Normal;
        if (builder.TryGetValue(SynchronousOption, out var sync))
        {
            if (provider != EffectStoreProvider.Sqlite)
            {
                throw new InvalidOperationException(
                    $"{ConfigurationKey}: {SynchronousOption} applies to SQLite only (PostgreSQL is durable on commit)");
            }

            var text = Convert.ToString(sync, CultureInfo.InvariantCulture)?.Trim();
            synchronous = string.Equals(text, "normal", StringComparison.OrdinalIgnoreCase) ? SqliteSynchronous.Normal
                : string.Equals(text, "full", StringComparison.OrdinalIgnoreCase) ? SqliteSynchronous.Full
                : throw new InvalidOperationException(
                    $"{ConfigurationKey}: {SynchronousOption} = '{sync}' is not valid; allowed: Normal, Full");
            builder.Remove(SynchronousOption);
        }

        if (provider == EffectStoreProvider.Sqlite)
        {
            var key = new[] { "Data Source", "DataSource", "Filename" }.FirstOrDefault(builder.ContainsKey)
                ?? throw new InvalidOperationException(
                    $"{ConfigurationKey} names no SQLite directory; expected e.g. 'Data Source=/path/{groupId}' (one file per partition inside) or 'Host=…' for PostgreSQL");
            var path = Convert.ToString(builder[key], CultureInfo.InvariantCulture)!;
            if (path == ":memory:" || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"{ConfigurationKey}: Data Source = '{path}' is not a directory; the SQLite store keeps one file per partition in a directory");
            }

            var directory = Path.GetFullPath(path, baseDirectory);
            if (File.Exists(directory))
            {
                throw new InvalidOperationException(
                    $"{ConfigurationKey}: Data Source = '{path}' is a file; it must name a directory (one file per partition inside)");
            }

            builder.Remove(key);
            builder["Data Source"] = directory;
        }
        return new(provider, builder.ConnectionString, synchronous);
    }
}
