using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.Analytics.Store;

/// <summary>Creates the analytics store for a resolved <see cref="EffectStoreConnection"/>.</summary>
public static class AnalyticsStoreFactory
{
    public static IAnalyticsStore Create(EffectStoreConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Provider switch
        {
            EffectStoreProvider.Sqlite => new SqliteAnalyticsStore(connection.ConnectionString, connection.Synchronous),
            EffectStoreProvider.Postgres => new PostgresAnalyticsStore(connection.ConnectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(connection), connection.Provider, "unknown provider"),
        };
    }
}
