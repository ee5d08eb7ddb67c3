using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.OrderProcessors.Store;

/// <summary>Creates the order-processors store for a resolved <see cref="EffectStoreConnection"/>.</summary>
public static class OrderEffectStoreFactory
{
    public static IOrderEffectStore Create(EffectStoreConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Provider switch
        {
            EffectStoreProvider.Sqlite => new SqliteOrderEffectStore(connection.ConnectionString, connection.Synchronous),
            EffectStoreProvider.Postgres => new PostgresOrderEffectStore(connection.ConnectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(connection), connection.Provider, "unknown provider"),
        };
    }
}
