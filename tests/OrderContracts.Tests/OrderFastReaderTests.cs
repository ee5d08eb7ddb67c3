using System.Text;
using System.Text.Json;
using OrdersAspire.Orders;

namespace OrdersAspire.Orders.Tests;

/// <summary>The fast reader must build exactly the order the serializer builds, or give up and leave it to the serializer.</summary>
public sealed class OrderFastReaderTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ReadsWhatTheCodecWritesExactlyAsTheSerializerDoes(int seed)
    {
        var order = RandomOrder(new Random(seed));
        var json = OrderCodec.Serialize(order);

        var fast = OrderFastReader.TryRead(json);
        var slow = JsonSerializer.Deserialize(json, OrderJsonContext.Default.Order);

        Assert.NotNull(fast);
        Assert.Equal(Encoding.UTF8.GetString(OrderCodec.Serialize(slow!)), Encoding.UTF8.GetString(OrderCodec.Serialize(fast)));
        Assert.Equal(order.Total, fast.Total);
        Assert.Equal(order.CreatedAt, fast.CreatedAt);
    }

    [Theory]
    [InlineData("{\"OrderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":1,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}")]
    [InlineData("{\"orderId\":\"o\",\"orderId\":\"p\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":1,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}")]
    [InlineData("{\"\\u006frderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":1,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}")]
    [InlineData("{\"orderId\":null,\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":1,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[null],\"total\":1,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":null,\"total\":1,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":\"1\",\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1.5,\"unitPrice\":1}],\"total\":1,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":1,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"} x")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":1,\"currency\":\"EUR\"}")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1,\"x\":1}],\"total\":1,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":1,\"currency\":\"EUR\",\"createdAt\":\"yesterday\"}")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":1,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\",}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{not json")]
    public void LeavesAnythingElseToTheSerializerWhichDecidesAsBefore(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.Null(OrderFastReader.TryRead(bytes));
        Assert.Equal(SerializerOnly(bytes), OrderCodec.Read(bytes).Reason);
    }

    [Fact]
    public void ANoteOfNullAndEscapedTextAreReadAsTheSerializerReadsThem()
    {
        var json = "{\"orderId\":\"o\\u00e9\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\\\"b\",\"quantity\":1,\"unitPrice\":1.50}],\"total\":1.50,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T10:11:12.345+01:00\",\"note\":null}"u8.ToArray();

        var fast = OrderFastReader.TryRead(json);

        Assert.NotNull(fast);
        Assert.Equal(Encoding.UTF8.GetString(OrderCodec.Serialize(JsonSerializer.Deserialize(json, OrderJsonContext.Default.Order)!)),
            Encoding.UTF8.GetString(OrderCodec.Serialize(fast)));
        Assert.Null(fast.Note);
        Assert.Equal("oé", fast.OrderId);
    }

    private static string? SerializerOnly(byte[] json)
    {
        try
        {
            var order = JsonSerializer.Deserialize(json, OrderJsonContext.Default.Order);
            return order is null ? "message value is JSON null" : OrderValidator.Validate(order);
        }
        catch (JsonException ex)
        {
            return $"malformed order JSON: {ex.Message}";
        }
    }

    private static Order RandomOrder(Random random)
    {
        var items = Enumerable.Range(0, random.Next(1, 4)).Select(i => new OrderItem
        {
            Sku = $"sku-{random.Next(1000)}" + (random.Next(5) == 0 ? "-\"é\\/<>" : ""),
            Quantity = random.Next(1, 10_000),
            UnitPrice = Math.Round((decimal)random.NextDouble() * 1000, random.Next(0, 4)),
        }).ToList();
        return new Order
        {
            OrderId = Guid.NewGuid().ToString(random.Next(2) == 0 ? "N" : "D"),
            CustomerId = "customer-" + random.Next(500) + (random.Next(6) == 0 ? "-ü" : ""),
            Region = OrderValidator.Regions[random.Next(OrderValidator.Regions.Count)],
            Items = items,
            Total = items.Sum(x => x.Quantity * x.UnitPrice),
            Currency = random.Next(2) == 0 ? "EUR" : "USD",
            CreatedAt = DateTimeOffset.UnixEpoch.AddMilliseconds(random.NextInt64(1_700_000_000_000, 1_900_000_000_000)).ToOffset(TimeSpan.FromHours(random.Next(-12, 13))),
            Note = random.Next(3) switch { 0 => null, 1 => "", _ => new string('x', random.Next(1, 300)) },
        };
    }
}
