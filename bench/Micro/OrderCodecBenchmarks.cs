using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OrdersAspire.Orders;

namespace OrdersAspire.Bench.Micro;

/// <summary>Reading one order from a message value: <see cref="OrderCodec.Read"/> (deserialize + validate + key check)
/// against the bare source-generated deserialization as the baseline.</summary>
[MemoryDiagnoser]
public class OrderCodecBenchmarks
{
    private byte[] _value = [];
    private string _key = "";

    [Params(1, 10)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var items = Enumerable.Range(0, Items).Select(i => new OrderItem { Sku = "sku-" + i, Quantity = 1 + i % 3, UnitPrice = 9.99m + i }).ToList();
        var order = new Order
        {
            OrderId = Guid.NewGuid().ToString("N"),
            CustomerId = "customer-42",
            Region = "eu-west",
            Items = items,
            Total = items.Sum(i => i.Quantity * i.UnitPrice),
            Currency = "EUR",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        _value = OrderCodec.Serialize(order);
        _key = order.CustomerId;
    }

    [Benchmark(Baseline = true)]
    public Order? DeserializeOnly() => JsonSerializer.Deserialize(_value, OrderJsonContext.Default.Order);

    [Benchmark]
    public OrderReadResult OrderCodecRead() => OrderCodec.Read(_value, _key);
}
