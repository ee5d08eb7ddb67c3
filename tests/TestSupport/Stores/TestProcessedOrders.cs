using OrdersAspire.ConsumerGroups.Processing;

namespace OrdersAspire.Testing.Stores;

/// <summary>Processed orders for the store tests.</summary>
public static class TestProcessedOrders
{
    public static readonly DateTimeOffset Minute0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public static ProcessedOrder Order(string id, string region = "eu-west", decimal total = 10m, string currency = "EUR",
        DateTimeOffset? createdAt = null, int partition = 0, long offset = 0, string replica = "r1") =>
        new(id, ProcessedOrder.ProcessedStatus, total, currency, "c-" + id, region, createdAt ?? Minute0.AddSeconds(5),
            partition, offset, replica, Minute0.AddMinutes(30));

    /// <summary>Orders o0000..o{n-1} of one partition with distinct offsets, three regions and two minutes, totals
    /// with cents.</summary>
    public static List<ProcessedOrder> Range(int from, int count, string replica = "r1", int partition = 0) =>
        Enumerable.Range(from, count).Select(i => Order(
            $"o{i:D4}",
            region: (i % 3) switch { 0 => "eu-west", 1 => "us-east", _ => "ap-south" },
            total: 10m + i % 7 + 0.01m * (i % 100),
            createdAt: Minute0.AddSeconds(i % 120),
            partition: partition,
            offset: i,
            replica: replica)).ToList();

    /// <summary>The orders split into one batch per partition, as the consumer loop hands them over.</summary>
    public static List<List<ProcessedOrder>> ByPartition(IEnumerable<ProcessedOrder> orders) =>
        [.. orders.GroupBy(o => o.Partition).OrderBy(g => g.Key).Select(g => g.ToList())];
}
