namespace OrdersAspire.ConsumerGroups.Tests.Processing;

public sealed class SqliteAnalyticsStoreTests() : AnalyticsStoreContract(new SqliteTarget());
