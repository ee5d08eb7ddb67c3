using System.Text.Json;

namespace OrdersAspire.Orders;

/// <summary>The outcome of reading one message: an order, or the reason it is not one.</summary>
public readonly record struct OrderReadResult(Order? Order, string? Reason)
{
    public bool IsValid => Order is not null;
    public static OrderReadResult Ok(Order order) => new(order, null);
    public static OrderReadResult Invalid(string reason) => new(null, reason);
}

/// <summary>Serializes orders and reads them back with validation; never throws on bad input.</summary>
public static class OrderCodec
{
    /// <summary>Larger values are refused before parsing: no real order is this big.</summary>
    public const int MaxOrderBytes = 256 * 1024;

    public static byte[] Serialize(Order order) =>
        JsonSerializer.SerializeToUtf8Bytes(order, OrderJsonContext.Default.Order);

    public static OrderReadResult Read(ReadOnlySpan<byte> value, string? key = null)
    {
        if (value.IsEmpty)
        {
            return OrderReadResult.Invalid("empty message value");
        }

        if (value.Length > MaxOrderBytes)
        {
            return OrderReadResult.Invalid($"message value is {value.Length} bytes; the limit is {MaxOrderBytes}");
        }

        Order? order;
        try
        {
            // Orders as this project writes them take the fast path; anything else, and every error, the serializer's.
            order = OrderFastReader.TryRead(value) ?? JsonSerializer.Deserialize(value, OrderJsonContext.Default.Order);
        }
        catch (JsonException ex)
        {
            return OrderReadResult.Invalid($"malformed order JSON: {ex.Message}");
        }
        if (order is null)
        {
            return OrderReadResult.Invalid("message value is JSON null");
        }

        var problem = OrderValidator.Validate(order);
        if (problem is not null)
        {
            return OrderReadResult.Invalid(problem);
        }

        if (key is not null && key != order.CustomerId)
        {
            return OrderReadResult.Invalid($"message key '{Truncate(key)}' is not the order's customerId '{Truncate(order.CustomerId)}'");
        }

        return OrderReadResult.Ok(order);
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
