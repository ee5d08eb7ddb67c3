using OrdersAspire.Orders;

namespace OrdersAspire.Testing;

/// <summary>Valid orders for tests that run the consumer services: numbered, spread over 500 customers (so over
/// every partition) and every region, with a total that matches the items.</summary>
public static class TestOrders
{
    public static Order Valid(int i)
    {
        var price = 1 + i % 97;
        return new Order
        {
            OrderId = Guid.NewGuid().ToString("N"),
            CustomerId = "customer-" + i % 500,
            Region = OrderValidator.Regions[i % OrderValidator.Regions.Count],
            Items = [new OrderItem { Sku = "sku-" + i % 13, Quantity = 2, UnitPrice = price }],
            Total = 2 * price,
            Currency = "EUR",
            CreatedAt = DateTimeOffset.UtcNow,
        };
    }
}
