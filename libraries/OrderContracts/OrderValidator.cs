namespace OrdersAspire.Orders;

/// <summary>Business rules an order must satisfy before any consumer applies it.</summary>
public static class OrderValidator
{
    public static readonly IReadOnlyList<string> Regions = ["eu-west", "eu-central", "us-east", "us-west", "ap-south", "ap-east"];

    /// <summary>Returns null when the order is valid, otherwise the first problem found.</summary>
    public static string? Validate(Order order)
    {
        if (string.IsNullOrWhiteSpace(order.OrderId) || order.OrderId.Length > 64)
        {
            return "orderId must be 1..64 characters";
        }

        if (string.IsNullOrWhiteSpace(order.CustomerId) || order.CustomerId.Length > 64)
        {
            return "customerId must be 1..64 characters";
        }

        if (string.IsNullOrWhiteSpace(order.Region) || order.Region.Length > 32)
        {
            return "region must be 1..32 characters";
        }

        if (order.Currency is not { Length: 3 } || !order.Currency.All(char.IsAsciiLetterUpper))
        {
            return "currency must be a 3-letter ISO code";
        }

        if (order.Items is null || order.Items.Count == 0)
        {
            return "an order needs at least one item";
        }

        if (order.Items.Count > 1000)
        {
            return "an order has at most 1000 items";
        }

        decimal sum = 0;
        foreach (var item in order.Items)
        {
            if (item is null)
            {
                return "items must not contain null";
            }

            if (string.IsNullOrWhiteSpace(item.Sku))
            {
                return "item sku must not be empty";
            }

            if (item.Quantity is < 1 or > 10_000)
            {
                return $"item {item.Sku}: quantity must be 1..10000";
            }

            if (item.UnitPrice < 0)
            {
                return $"item {item.Sku}: unitPrice must not be negative";
            }

            sum += item.Quantity * item.UnitPrice;
        }
        if (order.Total < 0)
        {
            return "total must not be negative";
        }

        if (Math.Abs(sum - order.Total) > 0.01m)
        {
            return $"total {order.Total} does not match the items' sum {sum}";
        }

        if (order.CreatedAt == default)
        {
            return "createdAt is required";
        }

        return null;
    }
}
