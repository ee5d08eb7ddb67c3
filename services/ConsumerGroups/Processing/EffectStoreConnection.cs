using System.Data.Common;

namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>Which database holds a group's effects, from <c>ConnectionStrings:effects</c>:
/// <list type="bullet">
/// <item>absent or empty → SQLite file <c>.data/{groupId}.db</c> under the base directory;</item>
/// <item><c>Provider=postgres</c> (or <c>postgresql</c>, <c>npgsql</c>) or <c>Provider=sqlite</c> decides explicitly
///   (the Provider option is removed before the string reaches the driver);</item>
/// <item>otherwise a <c>Host=</c> or <c>Server=</c> option means PostgreSQL (Npgsql's form, which Aspire's PostgreSQL
///   resource produces), anything else SQLite (<c>Data Source=/path/group.db</c>).</item>
/// </list>
/// A relative SQLite path is made absolute against the base directory.</summary>
public sealed record EffectStoreConnection(EffectStoreProvider Provider, string ConnectionString)
{
    public const string ConnectionStringName = "effects";
    public const string ConfigurationKey = "ConnectionStrings:" + ConnectionStringName;

    public static readonly IReadOnlyList<string> PostgresProviderNames = ["postgres", "postgresql", "npgsql"];

    public static EffectStoreConnection Resolve(string? configured, string groupId, string baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(groupId))
            throw new ArgumentException("a group id is needed to name the default store file", nameof(groupId));
        if (string.IsNullOrWhiteSpace(configured))
            return new(EffectStoreProvider.Sqlite, $"Data Source={Path.GetFullPath(Path.Combine(".data", groupId + ".db"), baseDirectory)}");

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
            var name = Convert.ToString(named, System.Globalization.CultureInfo.InvariantCulture)?.Trim().ToLowerInvariant();
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

        if (provider == EffectStoreProvider.Sqlite)
        {
            var key = new[] { "Data Source", "DataSource", "Filename" }.FirstOrDefault(builder.ContainsKey)
                ?? throw new InvalidOperationException($"{ConfigurationKey} names no SQLite file; expected e.g. 'Data Source=/path/{groupId}.db' or 'Host=…' for PostgreSQL");
            var path = Convert.ToString(builder[key], System.Globalization.CultureInfo.InvariantCulture)!;
            if (path != ":memory:" && !path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
                builder[key] = Path.GetFullPath(path, baseDirectory);
        }
        return new(provider, builder.ConnectionString);
    }
}
