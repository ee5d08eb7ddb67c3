using System.Text.Json.Serialization;

namespace OrdersAspire.Orders;

/// <summary>An order as it travels on <c>order-events</c>. The Kafka key is <see cref="CustomerId"/>,
/// so one customer's orders stay in one partition and keep their order.</summary>
public sealed record Order
{
    [JsonRequired] public required string OrderId { get; init; }
    [JsonRequired] public required string CustomerId { get; init; }
    [JsonRequired] public required string Region { get; init; }
    [JsonRequired] public required IReadOnlyList<OrderItem> Items { get; init; }
    [JsonRequired] public required decimal Total { get; init; }
    [JsonRequired] public required string Currency { get; init; }
    [JsonRequired] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Free text; the load generator uses it to pad orders to a requested size.</summary>
    public string? Note { get; init; }
}

public sealed record OrderItem
{
    [JsonRequired] public required string Sku { get; init; }
    [JsonRequired] public required int Quantity { get; init; }
    [JsonRequired] public required decimal UnitPrice { get; init; }
}
