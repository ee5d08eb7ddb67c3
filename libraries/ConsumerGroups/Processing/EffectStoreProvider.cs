namespace OrdersAspire.ConsumerGroups.Processing;

public enum EffectStoreProvider
{
    Sqlite,
    Postgres,
}
