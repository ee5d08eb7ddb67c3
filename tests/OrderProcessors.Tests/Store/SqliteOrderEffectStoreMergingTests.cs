using OrdersAspire.OrderProcessors.Store;
using Xunit.Abstractions;

namespace OrdersAspire.OrderProcessors.Tests.Store;

/// <summary>The whole contract again with the id index brought up to date every 7 orders, so duplicates are found
/// in the index, in the orders not yet merged, and across a merge.</summary>
public sealed class SqliteOrderEffectStoreMergingTests(ITestOutputHelper output) : OrderEffectStoreContract(new SqliteStoreDatabase(), output)
{
    protected override IOrderEffectStore CreateStore(string connectionString) =>
        new SqliteOrderEffectStore(connectionString, mergeThreshold: 7);

    protected override Task<IReadOnlyList<string>> StoredIdsAsync() => ((SqliteStoreDatabase)Database).Files.OrderIdsAsync("processed_orders");
}
