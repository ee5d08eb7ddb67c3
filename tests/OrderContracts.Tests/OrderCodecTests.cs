using System.Text;
using OrdersAspire.Orders;

namespace OrdersAspire.Orders.Tests;

public class OrderCodecTests
{
    private static Order ValidOrder(decimal? total = null) => new()
    {
        OrderId = "o-1",
        CustomerId = "c-42",
        Region = "eu-west",
        Items = [new OrderItem { Sku = "sku-1", Quantity = 2, UnitPrice = 10.50m }, new OrderItem { Sku = "sku-2", Quantity = 1, UnitPrice = 4m }],
        Total = total ?? 25.00m,
        Currency = "EUR",
        CreatedAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void RoundTripsAValidOrder()
    {
        var bytes = OrderCodec.Serialize(ValidOrder());
        var result = OrderCodec.Read(bytes, "c-42");
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(ValidOrder().OrderId, result.Order!.OrderId);
        Assert.Equal(25.00m, result.Order.Total);
        Assert.Equal(2, result.Order.Items.Count);
    }

    [Fact]
    public void SerializesCamelCase()
    {
        var json = Encoding.UTF8.GetString(OrderCodec.Serialize(ValidOrder()));
        Assert.Contains("\"orderId\":\"o-1\"", json);
        Assert.Contains("\"customerId\":\"c-42\"", json);
    }

    [Theory]
    [InlineData("", "empty message value")]
    [InlineData("{not json", "malformed order JSON")]
    [InlineData("null", "JSON null")]
    [InlineData("[]", "malformed order JSON")]
    [InlineData("{\"orderId\":\"o\"}", "malformed order JSON")]
    [InlineData("{\"orderId\":1,\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":1,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}", "malformed order JSON")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":1,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\",\"extra\":true}", "malformed order JSON")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":-1,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}", "total must not be negative")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[],\"total\":0,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}", "at least one item")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":5,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}", "does not match")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":0,\"unitPrice\":1}],\"total\":0,\"currency\":\"EUR\",\"createdAt\":\"2026-11-25T00:00:00Z\"}", "quantity")]
    [InlineData("{\"orderId\":\"o\",\"customerId\":\"c\",\"region\":\"eu-west\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}],\"total\":1,\"currency\":\"euro\",\"createdAt\":\"2026-11-25T00:00:00Z\"}", "currency")]
    public void RefusesBadMessagesWithAReason(string json, string expectedReason)
    {
        var result = OrderCodec.Read(Encoding.UTF8.GetBytes(json));
        Assert.False(result.IsValid);
        Assert.Contains(expectedReason, result.Reason);
    }

    [Fact]
    public void RefusesOversizedValuesBeforeParsing()
    {
        var result = OrderCodec.Read(new byte[OrderCodec.MaxOrderBytes + 1]);
        Assert.False(result.IsValid);
        Assert.Contains("limit", result.Reason);
    }

    [Fact]
    public void RefusesAKeyThatIsNotTheCustomer()
    {
        var result = OrderCodec.Read(OrderCodec.Serialize(ValidOrder()), "someone-else");
        Assert.False(result.IsValid);
        Assert.Contains("not the order's customerId", result.Reason);
    }
}
