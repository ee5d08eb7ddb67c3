namespace OrdersAspire.ConsumerGroups.Processing;

/// <summary>Creates the stores for a resolved <see cref="EffectStoreConnection"/>.</summary>
public static class EffectStoreFactory
{
    public static IOrderEffectStore CreateOrderEffectStore(EffectStoreConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Provider switch
        {
            EffectStoreProvider.Sqlite => new SqliteOrderEffectStore(connection.ConnectionString),
            EffectStoreProvider.Postgres => new PostgresOrderEffectStore(connection.ConnectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(connection), connection.Provider, "unknown provider"),
        };
    }

    public static IAnalyticsStore CreateAnalyticsStore(EffectStoreConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Provider switch
        {
            EffectStoreProvider.Sqlite => new SqliteAnalyticsStore(connection.ConnectionString),
            EffectStoreProvider.Postgres => new PostgresAnalyticsStore(connection.ConnectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(connection), connection.Provider, "unknown provider"),
        };
    }
}
