using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using OrdersAspire.Orders;

namespace OrdersAspire.Bench.Orders;

/// <summary>Valid orders as the load generator makes them (one or two items, about 230 bytes of JSON, keyed by
/// customer id) with a W3C traceparent header, so the consumer's tracing continues a producer trace as in production.</summary>
public static class BenchOrders
{
    public const int Customers = 500;

    public static Order New(long i)
    {
        var price = 1 + i % 97;
        var items = i % 2 == 0
            ? new[] { new OrderItem { Sku = "sku-" + i % 13, Quantity = 2, UnitPrice = price } }
            : [new OrderItem { Sku = "sku-" + i % 13, Quantity = 2, UnitPrice = price }, new OrderItem { Sku = "sku-" + i % 7, Quantity = 1, UnitPrice = 3.5m }];
        return new Order
        {
            OrderId = Guid.NewGuid().ToString("N"),
            CustomerId = "customer-" + i % Customers,
            Region = OrderValidator.Regions[(int)(i % OrderValidator.Regions.Count)],
            Items = items,
            Total = items.Sum(x => x.Quantity * x.UnitPrice),
            Currency = "EUR",
            CreatedAt = DateTimeOffset.UtcNow,
        };
    }

    public static Message<string, byte[]> Message(long i, bool sampled = true) => Message(New(i), sampled);

    /// <param name="sampled">The producer's sampling decision, carried in the traceparent's flags.</param>
    public static Message<string, byte[]> Message(Order order, bool sampled = true)
    {
        ArgumentNullException.ThrowIfNull(order);
        var traceparent = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-{(sampled ? "01" : "00")}";
        return new Message<string, byte[]>
        {
            Key = order.CustomerId,
            Value = OrderCodec.Serialize(order),
            Headers = [new Header("traceparent", Encoding.ASCII.GetBytes(traceparent))],
        };
    }

    /// <summary>The producer every section uses: idempotent, acks=all, linger 5 ms (the load generator's settings).</summary>
    public static IProducer<string, byte[]> Producer(string bootstrap, double lingerMs = 5) =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = lingerMs,
            Partitioner = Partitioner.Murmur2Random,
        }).SetLogHandler((_, _) => { }).Build();
}
