namespace OrdersAspire.ConsumerGroups.Tests.Processing;

public sealed class PostgresAnalyticsStoreTests() : AnalyticsStoreContract(new PostgresTarget());
