using OrdersAspire.ConsumerGroups.Processing;
using static OrdersAspire.Testing.Stores.TestProcessedOrders;

namespace OrdersAspire.ConsumerGroups.Tests.Processing;

public sealed class ProcessedOrderTests
{
    [Fact]
    public void First_occurrences_keep_batch_order_and_count_repeats()
    {
        var (unique, duplicates) = ProcessedOrder.FirstOccurrences([Order("b"), Order("a"), Order("b", offset: 9), Order("c"), Order("a")]);
        Assert.Equal(["b", "a", "c"], unique.Select(o => o.OrderId));
        Assert.Equal(0, unique[0].Offset);
        Assert.Equal(2, duplicates);
    }

    [Fact]
    public void Processed_order_takes_the_orders_facts()
    {
        var order = new OrdersAspire.Orders.Order
        {
            OrderId = "o1",
            CustomerId = "c1",
            Region = "eu-west",
            Currency = "EUR",
            Total = 12.5m,
            CreatedAt = Minute0,
            Items = [new OrdersAspire.Orders.OrderItem { Sku = "s", Quantity = 1, UnitPrice = 12.5m }],
        };
        var processed = ProcessedOrder.From(order, partition: 3, offset: 42, replicaId: "r2", processedAt: Minute0.AddSeconds(1));
        Assert.Equal(new ProcessedOrder("o1", "processed", 12.5m, "EUR", "c1", "eu-west", Minute0, 3, 42, "r2", Minute0.AddSeconds(1)), processed);
    }

    [Fact]
    public void A_batch_has_the_partition_of_its_orders_and_must_have_only_one()
    {
        Assert.Equal(4, ProcessedOrder.PartitionOf([Order("a", partition: 4), Order("b", partition: 4)]));
        Assert.Equal("a batch must come from one partition; it holds partitions 4 and 1 (Parameter 'batch')",
            Assert.Throws<ArgumentException>(() => ProcessedOrder.PartitionOf([Order("a", partition: 4), Order("b", partition: 1)])).Message);
        Assert.Throws<ArgumentException>(() => ProcessedOrder.PartitionOf([]));
    }
}
