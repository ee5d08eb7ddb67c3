using System.Text;
using Confluent.Kafka;
using OrdersAspire.Orders;

namespace OrdersAspire.ConsumerGroups.Tests.Consumer;

/// <summary>Consume results as librdkafka hands them to the loop, built without a broker.</summary>
internal static class ConsumedMessages
{
    public static ConsumeResult<byte[]?, byte[]?> Of(Order order, int partition, long offset, string topic = "order-events") => new()
    {
        Topic = topic,
        Partition = new Partition(partition),
        Offset = new Offset(offset),
        Message = new Message<byte[]?, byte[]?>
        {
            Key = Encoding.UTF8.GetBytes(order.CustomerId),
            Value = OrderCodec.Serialize(order),
            Timestamp = new Timestamp(DateTime.UtcNow),
        },
    };

    /// <summary><paramref name="count"/> valid orders on one partition from offset 0, their customers cycling over
    /// <paramref name="keys"/> keys.</summary>
    public static List<ConsumeResult<byte[]?, byte[]?>> OnePartition(int count, int keys, int partition = 0) =>
        [.. Enumerable.Range(0, count).Select(i => Of(TestOrders.Valid(i) with { CustomerId = $"customer-{i % keys}" }, partition, i))];
}
