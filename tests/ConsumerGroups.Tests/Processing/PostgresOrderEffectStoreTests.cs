namespace OrdersAspire.ConsumerGroups.Tests.Processing;

public sealed class PostgresOrderEffectStoreTests() : OrderEffectStoreContract(new PostgresTarget());
